import "server-only";
import type { appointmentStatus, orderStatus, TTicketPriority } from "../schema";
import type { TDemoAccountKey } from "./demo-accounts";

/**
 * The demo content, as plain data: who takes which course with whom, what they bought,
 * and the support requests students typically write (Québec French). seed-demo.ts turns
 * it into rows with dates relative to "now". Texts avoid gendered agreements ("connecté·e")
 * because any template can be used by any student and answered by any admin.
 */

type TAppointmentStatus = (typeof appointmentStatus.enumValues)[number];
type TOrderStatus = (typeof orderStatus.enumValues)[number];

export type TDemoCategory =
  | "reservations"
  | "soutien-technique"
  | "demande-de-cours"
  | "changement-cours-tuteur"
  | "paiement"
  | "autre";

export const DEMO_COURSES = [
  { code: "MAT-401", title: "Mathématiques secondaire 4 (SN)", subject: "Mathématiques" },
  { code: "MAT-501", title: "Mathématiques secondaire 5 (CST)", subject: "Mathématiques" },
  { code: "CHI-534", title: "Chimie 5e secondaire", subject: "Chimie" },
  { code: "PHY-534", title: "Physique 5e secondaire", subject: "Physique" },
  { code: "FRA-501", title: "Français 5e secondaire", subject: "Français" },
  { code: "ANG-504", title: "Anglais enrichi secondaire 5", subject: "Anglais" },
] as const;

export type TDemoCourseCode = (typeof DEMO_COURSES)[number]["code"];

export type TDemoAppointment = {
  student: TDemoAccountKey;
  tutor: TDemoAccountKey;
  course: TDemoCourseCode;
  /** Calendar day relative to today, Québec time (negative: past). */
  day: number;
  /** Local time in Québec (America/Toronto). */
  time: string;
  durationMinutes: number;
  status: TAppointmentStatus;
};

const session = (
  student: TDemoAccountKey,
  tutor: TDemoAccountKey,
  course: TDemoCourseCode,
  day: number,
  time: string,
  status: TAppointmentStatus,
  durationMinutes = 60,
): TDemoAppointment => ({ student, tutor, course, day, time, durationMinutes, status });

export const DEMO_APPOINTMENTS: readonly TDemoAppointment[] = [
  // Emma: mathématiques SN and chimie with Julie, anglais enrichi with Olivier.
  session("emma", "julie", "MAT-401", -63, "18:30", "completed"),
  session("emma", "julie", "CHI-534", -56, "18:30", "completed"),
  session("emma", "julie", "MAT-401", -49, "18:30", "cancelled"),
  session("emma", "olivier", "ANG-504", -42, "19:00", "completed"),
  session("emma", "julie", "CHI-534", -35, "18:30", "no_show"),
  session("emma", "julie", "MAT-401", -28, "18:30", "completed", 90),
  session("emma", "julie", "CHI-534", -17, "18:30", "completed"),
  session("emma", "olivier", "ANG-504", -10, "19:00", "completed"),
  session("emma", "julie", "MAT-401", -3, "18:30", "completed"),
  session("emma", "julie", "CHI-534", 4, "18:30", "scheduled"),
  // Noah: français and physique with Olivier, mathématiques CST with Julie.
  session("noah", "olivier", "FRA-501", -60, "19:00", "completed"),
  session("noah", "olivier", "PHY-534", -53, "17:00", "completed"),
  session("noah", "julie", "MAT-501", -46, "17:30", "completed"),
  session("noah", "olivier", "FRA-501", -39, "19:00", "cancelled"),
  session("noah", "olivier", "PHY-534", -32, "17:00", "completed", 90),
  session("noah", "julie", "MAT-501", -25, "17:30", "no_show"),
  session("noah", "olivier", "FRA-501", -18, "19:00", "completed"),
  session("noah", "olivier", "PHY-534", -8, "17:00", "completed"),
  session("noah", "julie", "MAT-501", 3, "17:30", "scheduled"),
  session("noah", "olivier", "FRA-501", 6, "19:00", "scheduled"),
  // Chloé: chimie with Julie, physique and anglais enrichi with Olivier.
  session("chloe", "julie", "CHI-534", -65, "16:30", "completed"),
  session("chloe", "olivier", "PHY-534", -58, "18:00", "completed"),
  session("chloe", "julie", "CHI-534", -51, "16:30", "completed"),
  session("chloe", "olivier", "ANG-504", -44, "18:00", "cancelled"),
  session("chloe", "julie", "CHI-534", -37, "16:30", "completed"),
  session("chloe", "olivier", "PHY-534", -30, "18:00", "no_show"),
  session("chloe", "julie", "CHI-534", -22, "16:30", "completed", 90),
  session("chloe", "olivier", "ANG-504", -15, "18:00", "completed"),
  session("chloe", "julie", "CHI-534", -6, "16:30", "cancelled"),
  session("chloe", "olivier", "PHY-534", 1, "18:00", "scheduled"),
  session("chloe", "julie", "CHI-534", 8, "16:30", "scheduled"),
];

export type TDemoOrder = {
  student: TDemoAccountKey;
  description: string;
  /** Price before sales taxes, in cents; the order total adds TPS (5 %) and TVQ (9,975 %). */
  subtotalCents: number;
  status: TOrderStatus;
  daysAgo: number;
};

export const DEMO_ORDERS: readonly TDemoOrder[] = [
  {
    student: "emma",
    description: "Forfait 10 séances — Mathématiques",
    subtotalCents: 49_900,
    status: "paid",
    daysAgo: 70,
  },
  { student: "emma", description: "Forfait 5 séances — Chimie", subtotalCents: 25_900, status: "paid", daysAgo: 58 },
  {
    student: "emma",
    description: "Séance à l'unité — Anglais enrichi",
    subtotalCents: 5_500,
    status: "refunded",
    daysAgo: 43,
  },
  {
    student: "emma",
    description: "Forfait 10 séances — Mathématiques",
    subtotalCents: 49_900,
    status: "paid",
    daysAgo: 9,
  },
  { student: "emma", description: "Forfait 5 séances — Chimie", subtotalCents: 25_900, status: "pending", daysAgo: 2 },
  { student: "noah", description: "Forfait 10 séances — Français", subtotalCents: 49_900, status: "paid", daysAgo: 66 },
  { student: "noah", description: "Forfait 5 séances — Physique", subtotalCents: 25_900, status: "paid", daysAgo: 55 },
  {
    student: "noah",
    description: "Forfait préparation aux examens — Mathématiques",
    subtotalCents: 34_900,
    status: "refunded",
    daysAgo: 40,
  },
  {
    student: "noah",
    description: "Forfait 5 séances — Mathématiques",
    subtotalCents: 25_900,
    status: "paid",
    daysAgo: 27,
  },
  {
    student: "chloe",
    description: "Forfait 20 séances — Chimie et physique",
    subtotalCents: 94_900,
    status: "paid",
    daysAgo: 72,
  },
  {
    student: "chloe",
    description: "Séance à l'unité — Anglais enrichi",
    subtotalCents: 5_500,
    status: "paid",
    daysAgo: 46,
  },
  {
    student: "chloe",
    description: "Séance à l'unité — Anglais enrichi",
    subtotalCents: 5_500,
    status: "refunded",
    daysAgo: 45,
  },
  {
    student: "chloe",
    description: "Forfait 5 séances — Anglais enrichi",
    subtotalCents: 25_900,
    status: "pending",
    daysAgo: 1,
  },
];

export type TDemoTicketLink =
  | {
      kind: "appointment";
      statuses: readonly TAppointmentStatus[];
      courses?: readonly TDemoCourseCode[];
      /** "before": the ticket is about a session that already happened; "after": about an upcoming one. */
      timing: "before" | "after";
    }
  | { kind: "order"; statuses: readonly TOrderStatus[] };

/**
 * One kind of request and the whole conversation it usually leads to. A ticket uses as
 * much of it as its status allows: an open ticket stops before the first admin reply, a
 * closed one goes up to the student's thanks. {student} and {admin} are first names.
 */
export type TDemoTicketTemplate = {
  key: string;
  category: TDemoCategory;
  /** Subject variants, so the same template used twice doesn't show the same line twice. */
  subjects: readonly [string, ...string[]];
  description: string;
  /** The priority an admin gives it after triage (every ticket starts at "medium"). */
  priority: TTicketPriority;
  link?: TDemoTicketLink;
  /** The student adding a detail while nobody has answered yet. */
  followUp?: string;
  acknowledgement: string;
  internalNote?: string;
  studentReply?: string;
  resolution: string;
  resolutionReason?: string;
  thanks?: string;
  /** Whether one of its tickets shows the student reopening it after a first fix. */
  canReopen?: boolean;
};

export const DEMO_TICKET_TEMPLATES: readonly TDemoTicketTemplate[] = [
  {
    key: "reservation-impossible",
    category: "reservations",
    subjects: ["Impossible de réserver une séance jeudi", "Le calendrier n'affiche aucune plage disponible"],
    description:
      "Bonjour, depuis hier, quand je choisis une plage dans le calendrier de réservation, la page tourne dans le vide puis affiche « Une erreur est survenue ». J'ai essayé sur mon cellulaire et sur l'ordinateur familial. J'aimerais réserver une séance jeudi soir, avant mon examen de vendredi.",
    priority: "high",
    followUp:
      "J'ai réessayé ce matin et c'est toujours pareil. Est-ce que quelqu'un peut réserver la séance pour moi en attendant?",
    acknowledgement:
      "Bonjour {student}, merci de nous avoir écrit. Nous avons pu reproduire le problème : il touche les plages de soirée cette semaine. Notre équipe technique s'en occupe. — {admin}",
    internalNote:
      "Bogue connu du calendrier : décalage de fuseau horaire sur les plages après 18 h. Billet ouvert chez les développeurs.",
    studentReply: "Merci! Est-ce que je garde quand même la plage de jeudi 18 h 30 en tête?",
    resolution:
      "C'est réglé : le correctif a été déployé ce matin et votre séance de jeudi 18 h 30 est confirmée. Vous devriez avoir reçu le courriel de confirmation. — {admin}",
    resolutionReason: "Correctif déployé, séance réservée manuellement.",
    thanks: "Parfait, j'ai bien reçu la confirmation. Merci beaucoup!",
  },
  {
    key: "deplacer-seance",
    category: "reservations",
    subjects: ["Déplacer ma séance de la semaine prochaine", "Reporter une séance à cause d'un examen"],
    description:
      "Bonjour, j'ai un examen de reprise qui tombe en même temps que ma prochaine séance. Est-ce possible de la déplacer au lendemain, même heure? Je ne veux pas perdre la séance de mon forfait.",
    priority: "medium",
    link: { kind: "appointment", statuses: ["scheduled", "completed"], timing: "after" },
    followUp: "Petite précision : je suis disponible n'importe quel soir après 17 h.",
    acknowledgement:
      "Bonjour {student}, pas de souci : une séance déplacée plus de 24 heures à l'avance n'est pas facturée. Je vérifie les disponibilités de votre tuteur et je vous reviens. — {admin}",
    internalNote:
      "Tuteur disponible le lendemain à 18 h 30 selon son agenda; attendre sa confirmation avant de modifier.",
    studentReply: "Super, merci! Le lendemain à 18 h 30 m'irait parfaitement.",
    resolution:
      "C'est fait : votre séance est déplacée au lendemain, 18 h 30, avec le même tuteur. Le crédit de votre forfait reste intact. — {admin}",
    resolutionReason: "Séance déplacée.",
    thanks: "Merci pour la rapidité!",
  },
  {
    key: "absence-par-erreur",
    category: "reservations",
    subjects: ["Séance marquée « absent » par erreur", "Séance comptée comme une absence alors que j'étais là"],
    description:
      "Bonjour, ma dernière séance a été marquée comme une absence et déduite de mon forfait. Pourtant, j'ai rejoint la salle virtuelle à l'heure, mais elle affichait « En attente du tuteur » pendant 20 minutes. J'ai une capture d'écran au besoin.",
    priority: "high",
    link: { kind: "appointment", statuses: ["no_show"], timing: "before" },
    followUp: "Je peux vous envoyer la capture d'écran ici si ça aide.",
    acknowledgement:
      "Bonjour {student}, toutes nos excuses pour cette situation. Je vérifie les journaux de connexion de la salle virtuelle pour cette séance. — {admin}",
    internalNote:
      "Journaux : l'élève était dans la salle à l'heure; le tuteur a rejoint une autre salle (lien en double). Recréditer la séance.",
    studentReply: "D'accord, merci. Est-ce que la séance va être recréditée?",
    resolution:
      "Vous aviez raison : un lien en double a envoyé votre tuteur dans une autre salle. La séance a été recréditée à votre forfait et le lien est corrigé. Toutes nos excuses! — {admin}",
    resolutionReason: "Séance recréditée : erreur de lien de salle virtuelle.",
    thanks: "Merci, c'est apprécié!",
  },
  {
    key: "seance-annulee",
    category: "reservations",
    subjects: ["Séance annulée sans avertissement", "Ma séance a disparu de mon horaire"],
    description:
      "Bonjour, ma séance a été annulée la journée même et je n'ai reçu ni courriel ni texto. J'avais bloqué ma soirée exprès. Est-ce que je peux savoir ce qui s'est passé et reprendre la séance rapidement?",
    priority: "medium",
    link: { kind: "appointment", statuses: ["cancelled"], timing: "before" },
    acknowledgement:
      "Bonjour {student}, toutes nos excuses pour ce désagrément. Votre tuteur a dû annuler pour une urgence, mais l'avis automatique n'est pas parti. Je regarde pour une reprise cette semaine. — {admin}",
    internalNote:
      "Annulation par le tuteur (urgence familiale). L'avis par texto a échoué : numéro mal formaté au dossier. Corrigé.",
    studentReply: "Merci. Mercredi ou jeudi soir me conviendraient.",
    resolution:
      "La séance de reprise est réservée jeudi à 18 h 30, sans frais. Nous avons aussi corrigé votre numéro de cellulaire au dossier pour que les avis se rendent. — {admin}",
    resolutionReason: "Reprise réservée sans frais.",
    thanks: "Parfait, merci!",
  },
  {
    key: "video-coupe",
    category: "soutien-technique",
    subjects: ["La vidéo se coupe pendant la séance", "Connexion instable dans la salle virtuelle"],
    description:
      "Bonjour, pendant ma séance, la vidéo gèle environ toutes les cinq minutes et je dois recharger la page. Mon Internet fonctionne bien pour le reste (YouTube, Teams pour l'école). J'utilise Chrome sur un portable Windows.",
    priority: "high",
    link: { kind: "appointment", statuses: ["completed"], timing: "before" },
    followUp: "Ça vient de se reproduire dans la salle d'essai pendant que je faisais mes devoirs.",
    acknowledgement:
      "Bonjour {student}, merci pour les détails. Pouvez-vous désactiver l'accélération matérielle dans Chrome (Paramètres > Système), puis faire le test à partir du lien « Tester mon équipement »? — {admin}",
    internalNote:
      "Test réseau de l'élève : 8 % de perte de paquets en UDP. Probablement le Wi-Fi; proposer le mode relais (TCP).",
    studentReply:
      "J'ai fait le test : il indique « connexion instable ». J'ai désactivé l'accélération matérielle, on verra à la prochaine séance.",
    resolution:
      "Nous avons activé le mode de connexion de secours (relais) sur votre compte : il est plus stable sur les réseaux Wi-Fi chargés. Selon nos journaux, votre dernière séance s'est déroulée sans coupure. — {admin}",
    resolutionReason: "Mode relais activé, séance suivante sans coupure.",
    thanks: "Oui, la dernière séance était parfaite. Merci!",
    canReopen: true,
  },
  {
    key: "courriel-reinitialisation",
    category: "soutien-technique",
    subjects: ["Je ne reçois pas le courriel de réinitialisation", "Mot de passe oublié : aucun courriel reçu"],
    description:
      "Bonjour, j'ai cliqué trois fois sur « Mot de passe oublié », mais je ne reçois rien, même dans les courriels indésirables. J'utilise mon adresse de l'école. Ma session est encore ouverte sur mon cellulaire, c'est pour ça que je peux écrire ici.",
    priority: "medium",
    acknowledgement:
      "Bonjour {student}, les adresses de certains centres de services scolaires bloquent nos courriels. Avez-vous une adresse personnelle que nous pourrions ajouter à votre compte? — {admin}",
    internalNote:
      "Le domaine de l'école rejette nos envois (rebond 550). Signalé à notre fournisseur d'envoi de courriels.",
    studentReply: "Oui, vous pouvez utiliser l'adresse de ma mère pour l'instant.",
    resolution:
      "C'est corrigé : l'adresse personnelle est ajoutée et le courriel de réinitialisation vient de partir. Le lien est valide pendant une heure. — {admin}",
    resolutionReason: "Adresse de secours ajoutée, courriel reçu.",
    thanks: "Reçu! J'ai pu changer mon mot de passe, merci.",
  },
  {
    key: "televersement-pdf",
    category: "soutien-technique",
    subjects: ["Impossible de téléverser mes exercices en PDF", "Erreur en joignant un fichier avant la séance"],
    description:
      "Bonjour, quand j'essaie de joindre mon cahier d'exercices numérisé (un PDF de 40 Mo) pour le partager avant la séance, j'obtiens le message « Fichier trop volumineux ». Comment faire?",
    priority: "low",
    acknowledgement:
      "Bonjour {student}, la limite est de 32 Mo par fichier. Vous pouvez compresser le PDF ou l'envoyer en deux parties, un chapitre à la fois. — {admin}",
    studentReply: "J'ai séparé le fichier en deux et ça a fonctionné pour la première partie.",
    resolution:
      "Parfait! Pour la suite, la fonction « Réduire la taille du fichier » d'Acrobat ou d'Aperçu divise environ par trois la taille des numérisations. Je marque la demande comme résolue, mais vous pouvez toujours répondre ici. — {admin}",
    thanks: "Merci pour le truc!",
  },
  {
    key: "micro-chromebook",
    category: "soutien-technique",
    subjects: ["Mon tuteur ne m'entend pas (micro sur Chromebook)", "Problème de micro dans la salle virtuelle"],
    description:
      "Bonjour, pendant la séance, mon tuteur ne m'entendait pas du tout. Le micro fonctionne dans Google Meet. J'utilise le Chromebook prêté par l'école.",
    priority: "high",
    link: { kind: "appointment", statuses: ["completed"], timing: "before" },
    acknowledgement:
      "Bonjour {student}, sur les Chromebook scolaires, le micro doit être autorisé pour notre site : cliquez sur le cadenas à gauche de l'adresse, puis « Micro : Autoriser ». — {admin}",
    internalNote:
      "Politique Google Admin du centre de services scolaire qui bloque le micro pour les sites non approuvés. Demander l'ajout à leur liste.",
    studentReply: "Le cadenas indique « Bloqué par votre administrateur ».",
    resolution:
      "Le centre de services scolaire a ajouté notre plateforme à sa liste de sites approuvés. Après un redémarrage du Chromebook, le micro devrait fonctionner : faites un essai avec « Tester mon équipement ». — {admin}",
    resolutionReason: "Site approuvé par le centre de services scolaire.",
    thanks: "Ça marche! Merci pour le suivi.",
  },
  {
    key: "anglais-enrichi",
    category: "demande-de-cours",
    subjects: ["Demande de cours d'anglais enrichi", "Offrez-vous l'anglais enrichi de 5e secondaire?"],
    description:
      "Bonjour, je suis en anglais enrichi en 5e secondaire et j'aimerais me préparer à l'épreuve de fin d'année, surtout la production écrite. Est-ce que vous offrez ce cours, et à quel prix?",
    priority: "low",
    acknowledgement:
      "Bonjour {student}, oui! Olivier Bélanger donne le cours ANG-504 (anglais enrichi, secondaire 5). Les forfaits de 5 ou 10 séances s'appliquent. Quelles sont vos disponibilités? — {admin}",
    internalNote: "Olivier a encore deux plages libres le mardi soir.",
    studentReply: "Les mardis ou mercredis soir, idéalement à partir de 18 h.",
    resolution:
      "Votre première séance d'anglais enrichi est réservée mardi à 18 h 30 avec Olivier. Vous la verrez dans « Mes séances ». — {admin}",
    resolutionReason: "Première séance réservée.",
    thanks: "Merci, j'ai hâte de commencer!",
  },
  {
    key: "physique-examen",
    category: "demande-de-cours",
    subjects: ["Préparation à l'examen final de physique", "Séances supplémentaires en physique avant l'examen"],
    description:
      "Bonjour, mon examen final de physique de 5e secondaire approche et j'ai de la difficulté en optique et en cinématique. Est-ce possible d'ajouter deux séances par semaine d'ici là?",
    priority: "medium",
    acknowledgement:
      "Bonjour {student}, c'est possible. Nous pouvons ajouter des séances de 90 minutes axées sur les examens des années passées. Je vérifie les plages de votre tuteur. — {admin}",
    internalNote: "Proposer le forfait préparation aux examens (349 $) plutôt que des séances à l'unité.",
    studentReply: "Le forfait préparation me convient. Est-ce que mes parents peuvent payer en deux versements?",
    resolution:
      "C'est noté : quatre séances de 90 minutes sont réservées et le forfait peut être payé en deux versements. La facture se trouve dans « Mes commandes ». — {admin}",
    resolutionReason: "Forfait préparation réservé.",
    thanks: "Merci beaucoup!",
  },
  {
    key: "epreuve-ministerielle-francais",
    category: "demande-de-cours",
    subjects: [
      "Séances intensives avant l'épreuve ministérielle de français",
      "Aide pour l'épreuve d'écriture de 5e secondaire",
    ],
    description:
      "Bonjour, je passe l'épreuve unique d'écriture de 5e secondaire en mai. J'aimerais des séances centrées sur le texte argumentatif et la révision de la syntaxe. Avez-vous un programme intensif?",
    priority: "medium",
    acknowledgement:
      "Bonjour {student}, oui : un bloc intensif de six séances en français écrit, avec correction de textes argumentatifs complets et stratégies de révision. Préférez-vous la fin de semaine ou les soirs? — {admin}",
    studentReply: "Les samedis matin seraient idéaux.",
    resolution:
      "Le bloc intensif est réservé : six samedis à 10 h avec Olivier Bélanger, à partir de samedi prochain. — {admin}",
    resolutionReason: "Bloc intensif réservé.",
  },
  {
    key: "changer-tuteur-chimie",
    category: "changement-cours-tuteur",
    subjects: ["Changer de tutrice pour la chimie", "Demande de changement de tuteur en chimie"],
    description:
      "Bonjour, je m'entends bien avec ma tutrice, mais nos horaires ne concordent plus depuis que j'ai commencé un emploi à temps partiel. Est-ce possible de continuer la chimie avec quelqu'un qui est disponible les fins de semaine?",
    priority: "medium",
    link: { kind: "appointment", statuses: ["completed"], courses: ["CHI-534"], timing: "before" },
    acknowledgement:
      "Bonjour {student}, bien sûr. Olivier Bélanger enseigne aussi la chimie de 5e secondaire et il est disponible le dimanche. Voulez-vous faire une première séance d'essai avec lui? — {admin}",
    internalNote: "Julie est au courant et d'accord; transférer les séances restantes du forfait de chimie.",
    studentReply: "Oui, dimanche après-midi, ce serait parfait.",
    resolution:
      "C'est fait : vos séances de chimie sont transférées à Olivier, le dimanche à 14 h. Les séances restantes de votre forfait suivent automatiquement. — {admin}",
    resolutionReason: "Tuteur changé, forfait transféré.",
    thanks: "Merci, et merci à Julie pour tout!",
  },
  {
    key: "passer-cst-sn",
    category: "changement-cours-tuteur",
    subjects: ["Passer de mathématiques CST à SN", "Changement de séquence en mathématiques"],
    description:
      "Bonjour, mon école me fait passer de la séquence CST à la séquence SN pour le reste de l'année. Est-ce que mes séances de mathématiques peuvent suivre la nouvelle matière (fonctions, géométrie analytique)?",
    priority: "medium",
    link: { kind: "appointment", statuses: ["completed"], courses: ["MAT-501", "MAT-401"], timing: "before" },
    acknowledgement:
      "Bonjour {student}, oui. Nous allons changer le cours associé à vos prochaines séances. Pouvez-vous nous confirmer la date du changement à l'école? — {admin}",
    internalNote: "Julie donne les deux séquences : remplacer MAT-501 par MAT-401 sur les séances à venir.",
    studentReply: "Le changement se fait la semaine prochaine, dans le groupe de M. Pelletier.",
    resolution:
      "Vos séances à venir sont maintenant associées au cours MAT-401 (SN). Julie a reçu la planification de la nouvelle séquence pour adapter le contenu. — {admin}",
    resolutionReason: "Cours modifié sur les séances à venir.",
  },
  {
    key: "meme-tuteur",
    category: "changement-cours-tuteur",
    subjects: ["Garder le même tuteur pour toutes mes séances", "Toujours avoir le même tuteur en français"],
    description:
      "Bonjour, depuis le début de mon forfait, j'ai eu trois personnes différentes en français. J'aimerais toujours avoir la même personne pour qu'elle puisse suivre mes progrès. Est-ce possible?",
    priority: "low",
    acknowledgement:
      "Bonjour {student}, tout à fait, vous pouvez avoir un tuteur attitré. Je vérifie avec Olivier Bélanger, qui a donné la plupart de vos séances. — {admin}",
    resolution:
      "Olivier Bélanger est maintenant votre tuteur attitré en français : vos prochaines réservations lui seront proposées en priorité. — {admin}",
    resolutionReason: "Tuteur attitré configuré.",
    thanks: "Merci!",
  },
  {
    key: "double-facturation",
    category: "paiement",
    subjects: ["Double facturation sur ma carte", "Deux prélèvements pour le même forfait"],
    description:
      "Bonjour, ma mère voit deux prélèvements identiques sur sa carte de crédit pour mon forfait, le même jour. Nous n'avons passé qu'une seule commande. Pouvez-vous vérifier et rembourser le doublon?",
    priority: "urgent",
    link: { kind: "order", statuses: ["paid"] },
    followUp: "Le deuxième prélèvement est maintenant « confirmé » sur le relevé, et non plus « en attente ».",
    acknowledgement:
      "Bonjour {student}, merci de nous avoir avertis. Je vérifie tout de suite auprès de notre processeur de paiement. — {admin}",
    internalNote: "Vérifié dans Stripe : deux prélèvements, remboursement lancé.",
    resolution:
      "Vous aviez raison : le paiement a été prélevé deux fois à cause d'un double clic. Le doublon est remboursé; il apparaîtra sur le relevé d'ici 5 à 10 jours ouvrables. — {admin}",
    resolutionReason: "Doublon remboursé dans Stripe.",
    thanks: "Merci pour la rapidité, ma mère est rassurée.",
  },
  {
    key: "recu-assurances",
    category: "paiement",
    subjects: ["Reçu détaillé pour nos assurances", "Besoin d'une facture avec les numéros de taxes"],
    description:
      "Bonjour, l'assurance collective de mes parents rembourse une partie du tutorat, mais elle demande un reçu détaillé avec le nom du tuteur, les dates des séances et les numéros de TPS et de TVQ. Est-ce possible de l'obtenir?",
    priority: "low",
    link: { kind: "order", statuses: ["paid"] },
    acknowledgement:
      "Bonjour {student}, oui. Je prépare un reçu détaillé pour votre commande et je vous écris ici dès qu'il est prêt. — {admin}",
    internalNote: "Générer le reçu depuis la console de facturation, modèle « Reçu détaillé — assurances ».",
    resolution:
      "Le reçu détaillé est disponible dans « Mes commandes » (bouton « Télécharger le reçu »). Il indique les dates des séances, le nom du tuteur et nos numéros de TPS et de TVQ. — {admin}",
    thanks: "Merci, c'est exactement ce qu'il fallait.",
  },
  {
    key: "remboursement-non-recu",
    category: "paiement",
    subjects: ["Le remboursement n'apparaît pas sur mon relevé", "Où en est mon remboursement?"],
    description:
      "Bonjour, on m'a confirmé il y a deux semaines le remboursement de ma séance annulée, mais il n'apparaît toujours pas sur le relevé de la carte. Pouvez-vous vérifier?",
    priority: "high",
    link: { kind: "order", statuses: ["refunded"] },
    acknowledgement:
      "Bonjour {student}, je vérifie la transaction de remboursement et je vous reviens avec le numéro de référence. — {admin}",
    internalNote: "Remboursement bien émis dans Stripe; transmettre l'ARN pour que la banque puisse le retracer.",
    studentReply: "Merci, j'appellerai la banque avec ce numéro si rien ne bouge.",
    resolution:
      "Le remboursement a bien été émis de notre côté. Son numéro de référence (ARN) est le 74512340082719630; avec ce numéro, votre banque peut retracer la transaction. — {admin}",
    resolutionReason: "Remboursement confirmé, ARN transmis.",
    thanks: "La banque l'a trouvé, tout est correct. Merci!",
  },
  {
    key: "paiement-en-attente",
    category: "paiement",
    subjects: ["Ma commande est toujours « en attente »", "Paiement refusé, mais montant retenu"],
    description:
      "Bonjour, j'ai payé mon forfait avec la carte de mon père, mais la commande reste « en attente » depuis deux jours et je ne peux pas réserver de séance. La banque dit que le montant est retenu.",
    priority: "high",
    link: { kind: "order", statuses: ["pending"] },
    acknowledgement:
      "Bonjour {student}, la banque a demandé une vérification 3-D Secure qui n'a pas été terminée. Je vous envoie un nouveau lien de paiement; le montant retenu sera libéré automatiquement. — {admin}",
    internalNote: "Paiement à l'état requires_action dans Stripe; l'autorisation expire dans 7 jours.",
    studentReply: "Mon père a terminé le paiement avec le nouveau lien.",
    resolution:
      "Le paiement est confirmé et vous pouvez maintenant réserver vos séances. La retenue de la première tentative disparaîtra d'ici quelques jours. — {admin}",
    resolutionReason: "Paiement complété avec le nouveau lien.",
  },
  {
    key: "rappel-texto",
    category: "autre",
    subjects: ["Suggestion : rappel par texto avant les séances", "Recevoir un rappel la veille de la séance"],
    description:
      "Bonjour, il m'arrive d'oublier mes séances du lundi. Serait-il possible de recevoir un texto ou une notification la veille, ou une heure avant?",
    priority: "low",
    acknowledgement:
      "Bonjour {student}, merci pour la suggestion! Les rappels par courriel existent déjà (Paramètres > Notifications). Les rappels par texto sont prévus pour l'automne; je transmets votre demande à l'équipe produit. — {admin}",
    internalNote: "Ajouté au tableau des suggestions (rappels par texto) : 14e demande ce trimestre.",
    resolution:
      "J'ai activé pour vous les rappels par courriel la veille et une heure avant chaque séance. Nous vous écrirons quand les textos seront offerts. — {admin}",
    thanks: "Super, merci!",
  },
  {
    key: "courriel-facturation",
    category: "autre",
    subjects: ["Mettre à jour l'adresse courriel de mon parent", "Changer le courriel qui reçoit les factures"],
    description:
      "Bonjour, c'est maintenant mon père qui paie les séances. Pouvez-vous changer l'adresse qui reçoit les factures et les reçus?",
    priority: "medium",
    acknowledgement:
      "Bonjour {student}, bien sûr. Pour des raisons de sécurité, pouvez-vous nous indiquer la nouvelle adresse ici? Votre père devra ensuite cliquer sur le lien de confirmation que nous lui enverrons. — {admin}",
    studentReply: "C'est papa.facturation@example.com. Il attend le courriel.",
    internalNote:
      "Adresse confirmée par le parent (lien cliqué). Mettre aussi à jour le contact de facturation dans Stripe.",
    resolution:
      "C'est fait : les prochaines factures et les reçus seront envoyés à la nouvelle adresse. L'ancienne adresse ne recevra plus rien. — {admin}",
    resolutionReason: "Contact de facturation mis à jour.",
  },
];

/** Lines shared by every template. */
export const DEMO_THREAD_LINES = {
  /** The student reopening a resolved ticket because the problem came back. */
  reopen: "Malheureusement, le problème est revenu aujourd'hui. Pouvez-vous regarder à nouveau?",
  reopenAcknowledgement:
    "Merci de nous avoir prévenus, {student}. Je rouvre le dossier et je regarde ça avec l'équipe technique. — {admin}",
  /** The student closing the ticket themselves before any fix. */
  studentCloses: "Finalement, c'est réglé de mon côté. Vous pouvez fermer la demande, merci!",
  /** Why an admin closes a resolved ticket the student never answered. */
  autoCloseReason: "Aucune réponse depuis 7 jours : demande fermée.",
  triageNote: "Pris en charge. Voir l'historique du dossier de l'élève avant de répondre.",
} as const;

/** Admins who answer tickets; the first one gets a little more of them. */
export const DEMO_SUPPORT_ADMINS: readonly TDemoAccountKey[] = ["sophie", "marc"];
export const DEMO_STUDENTS: readonly TDemoAccountKey[] = ["emma", "noah", "chloe"];

/** Tickets per status: at least 12 each so every filter and page of the admin list has content. */
export const DEMO_TICKETS_PER_STATUS = 13;
