/**
 * Fills a benchmark database with a realistic volume, set-based (generate_series), in
 * minutes: by default 1,000,000 tickets, ~5,000,000 messages, 20,000 students, 20 admins,
 * French subjects and descriptions, a skewed status mix (most tickets closed), and one
 * student with 200 tickets for the student-side measures. `scale` multiplies the volumes.
 */
import type pg from "pg";

export type TScaleSeed = { tickets: number; messages: number; students: number; heavyStudentId: string };

const FIRST_NAMES = [
  "Léa",
  "Emma",
  "Chloé",
  "Olivia",
  "Alice",
  "Florence",
  "Juliette",
  "Rosalie",
  "Béatrice",
  "Zoé",
  "Noah",
  "William",
  "Liam",
  "Thomas",
  "Jacob",
  "Félix",
  "Édouard",
  "Nathan",
  "Samuel",
  "Raphaël",
];
const LAST_NAMES = [
  "Tremblay",
  "Gagnon",
  "Roy",
  "Côté",
  "Bouchard",
  "Gauthier",
  "Morin",
  "Lavoie",
  "Fortin",
  "Gagné",
  "Ouellet",
  "Pelletier",
  "Bélanger",
  "Lévesque",
  "Bergeron",
  "Leblanc",
  "Paquette",
  "Girard",
  "Simard",
  "Boucher",
];
const SUBJECTS = [
  "Impossible de réserver une séance",
  "Réservation annulée sans avertissement",
  "Double facturation sur ma carte",
  "Demande de remboursement d'une séance",
  "La vidéo se coupe pendant la séance",
  "Le micro ne fonctionne pas dans la salle virtuelle",
  "Changer de tutrice pour la chimie",
  "Changer de tuteur en mathématiques",
  "Demande de cours d'anglais enrichi",
  "Demande de cours de physique",
  "Question sur ma facture du mois",
  "Reçu pour impôts introuvable",
  "Mot de passe oublié",
  "Horaire de la séance modifié",
  "Le lien de la séance ne s'ouvre pas",
  "Tuteur absent à la séance",
];
const DETAILS = [
  "mathématiques secondaire 4",
  "chimie 5e secondaire",
  "français 5e secondaire",
  "physique 5e secondaire",
  "anglais enrichi",
  "préparation à l'examen du ministère",
  "séance du jeudi soir",
  "forfait de 10 séances",
  "séance de rattrapage",
  "aide aux devoirs",
];
const SENTENCES = [
  "Bonjour, j'essaie depuis hier sans succès.",
  "Le calendrier affiche une erreur quand je choisis l'heure.",
  "J'ai reçu deux prélèvements pour la même séance.",
  "Pouvez-vous vérifier ce qui s'est passé avec ma réservation?",
  "Ma mère aimerait un reçu détaillé pour ses impôts.",
  "La connexion se coupe après quelques minutes de séance.",
  "Je préférerais une tutrice disponible en soirée.",
  "L'examen approche et j'ai besoin de plus de séances.",
  "Merci de me répondre rapidement, c'est urgent.",
  "Je joins une capture d'écran du message d'erreur.",
];
const REPLIES = [
  "Merci pour votre message, nous vérifions et revenons vers vous.",
  "Pouvez-vous préciser la date et l'heure de la séance?",
  "Le remboursement a été lancé, comptez de 3 à 5 jours ouvrables.",
  "C'est réglé de notre côté, pouvez-vous réessayer?",
  "Merci, tout fonctionne maintenant!",
  "J'ai encore le même problème ce matin.",
];

const sqlArray = (values: readonly string[]) => `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(",")}]`;

export async function seedScale(client: pg.Client, scale: number, log: (line: string) => void): Promise<TScaleSeed> {
  const students = Math.max(50, Math.round(20_000 * scale));
  const tickets = Math.max(1_000, Math.round(1_000_000 * scale));
  const admins = 20;
  const step = async (label: string, query: string) => {
    const started = performance.now();
    await client.query(query);
    log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };

  // The analytics triggers (migrations 0026, 0034) stay on: since migration 0043 their upserts
  // are linear in the statement's size, so the 1M-row statements below fill analytics_daily as
  // the app's changes do (before 0043 the 200k-ticket messages insert ran > 11 min before it was
  // stopped, and the seed turned them off). docs/benchmarks.md, issue 16, has the seed's times
  // with and without them.
  await client.query("set role service_role");
  await client.query("set synchronous_commit = off");
  await step(
    `${students} students, ${admins} admins`,
    `insert into users (name, email, first_name, last_name, role, created_at)
     select f || ' ' || l, 'bench' || i || '@bench.example', f, l,
            case when i <= ${admins} then 'admin'::user_role else 'student'::user_role end,
            now() - (i % 1000) * interval '1 day'
       from generate_series(1, ${students + admins}) i,
            lateral (select (${sqlArray(FIRST_NAMES)})[1 + i % ${FIRST_NAMES.length}] as f,
                            (${sqlArray(LAST_NAMES)})[1 + (i / 7) % ${LAST_NAMES.length}] as l) n`,
  );
  await client.query(`create temp table bench_students as
    select row_number() over (order by email) as rn, id from users where role = 'student' and email like 'bench%'`);
  await client.query(`create temp table bench_admins as
    select row_number() over (order by email) as rn, id from users where role = 'admin' and email like 'bench%'`);
  await client.query("create index on bench_students (rn)");

  // Status mix: 70 % closed, 12 % resolved, 8 % in progress, 10 % open. Ticket g <= 200 belongs
  // to student #1 (the "heavy" student). Every 10,000th ticket mentions "photosynthèse" (rare word).
  await step(
    `${tickets} tickets`,
    `insert into support_tickets
       (user_id, subject, description, category, priority, status, assigned_to, created_at, updated_at, resolved_at)
     select s.id,
            (${sqlArray(SUBJECTS)})[1 + g % ${SUBJECTS.length}] || ' — ' || (${sqlArray(DETAILS)})[1 + (g / 16) % ${DETAILS.length}],
            (${sqlArray(SENTENCES)})[1 + g % ${SENTENCES.length}] || ' ' || (${sqlArray(SENTENCES)})[1 + (g / 10) % ${SENTENCES.length}]
              || case when g % 10000 = 0 then ' Ma question porte sur la photosynthèse.' else '' end,
            (array['reservations','soutien-technique','demande-de-cours','changement-cours-tuteur','paiement','autre'])[1 + (g / 3) % 6],
            (array['low','medium','medium','medium','high','high','urgent','low']::ticket_priority[])[1 + (g / 5) % 8],
            x.status,
            case when x.status = 'open' and g % 2 = 0 then null else a.id end,
            x.created_at,
            x.created_at + (g % 240) * interval '1 hour',
            case when x.status in ('resolved', 'closed') then x.created_at + (g % 200) * interval '1 hour' end
       from generate_series(1, ${tickets}) g
       cross join lateral (
         select case when g % 100 < 70 then 'closed' when g % 100 < 82 then 'resolved'
                     when g % 100 < 90 then 'in_progress' else 'open' end::ticket_status as status,
                now() - (${tickets} - g) * (interval '3 years' / ${tickets}) as created_at
       ) x
       join bench_students s on s.rn = case when g <= 200 then 1 else 2 + g % (${students} - 1) end
       join bench_admins a on a.rn = 1 + g % ${admins}`,
  );
  // 1 to 9 messages per ticket (5 on average), alternating student (a sentence like the
  // descriptions') and support (a reply), every 7th internal. The messages' vocabulary is then
  // large enough (over a hundred lexemes) for PostgreSQL to estimate prefix searches from its
  // statistics. The first message of every 5,000th ticket names "ornithorynque", a word no subject or
  // description has (the search's rare word found only in messages, issue 17).
  await step(
    "messages",
    `insert into ticket_messages (ticket_id, user_id, message, is_internal, created_at)
     select t.id,
            case when k % 2 = 1 then t.user_id else coalesce(t.assigned_to, a.id) end,
            case when k % 2 = 1 then (${sqlArray(SENTENCES)})[1 + (t.number * 3 + k) % ${SENTENCES.length}]
                 else (${sqlArray(REPLIES)})[1 + (t.number + k) % ${REPLIES.length}] end
              || case when k = 1 and t.number % 5000 = 0 then ' Le code promo ornithorynque ne marche pas.' else '' end,
            k % 2 = 0 and (t.number + k) % 7 = 0,
            t.created_at + k * interval '2 hours'
       from support_tickets t
       join bench_admins a on a.rn = 1 + t.number % ${admins}
       cross join lateral generate_series(1, 1 + t.number % 9) k`,
  );
  await step(
    "history of the heavy student's tickets",
    `insert into ticket_events (ticket_id, actor_id, type, to_value, created_at)
     select t.id, t.user_id, 'created', 'open', t.created_at
       from support_tickets t join bench_students s on s.id = t.user_id and s.rn = 1`,
  );
  await client.query("reset role");
  await step("vacuum analyze", "vacuum analyze");
  const counts = await client.query<{ tickets: number; messages: number }>(
    "select (select count(*) from support_tickets)::int as tickets, (select count(*) from ticket_messages)::int as messages",
  );
  const heavy = await client.query<{ id: string }>("select id from bench_students where rn = 1");
  return {
    tickets: counts.rows[0]?.tickets ?? 0,
    messages: counts.rows[0]?.messages ?? 0,
    students,
    heavyStudentId: heavy.rows[0]?.id ?? "",
  };
}
