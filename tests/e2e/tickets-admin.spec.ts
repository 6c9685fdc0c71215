import { type Browser, expect, type Page, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoAxeViolations } from "./support/axe";
import { saveScreenshot } from "./support/screenshots";
import { createTicket, runId, signIn, waitForHydration } from "./support/tickets";

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("an admin finds a new request without accents, triages it, and the student sees only what is theirs", async ({
  browser,
}) => {
  test.slow(); // one long story across two people
  const run = runId();
  const subject = `Problème de réservation élève ${run}`;
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const ticketPath = await createTicket(student, {
    subject,
    category: "Réservations",
    description: "Le calendrier refuse ma séance de jeudi soir, toujours la même erreur.",
  });
  // Left open on the request, the student's page would now show (and so read) the team's reply
  // live: the student leaves it, as the unread marker below is about a reply not yet seen.
  const number = (await student.getByTestId("ticket-number").textContent())?.match(/\d+/)?.[0];
  await student.goto("/etudiant");

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin
    .getByRole("navigation", { name: "Navigation principale" })
    .getByRole("link", { name: "Demandes" })
    .click();
  await expect(admin).toHaveURL(/\/admin\/demandes$/);
  await expect(admin.getByRole("heading", { level: 1, name: "Demandes de soutien" })).toBeVisible();

  // Search without accents or capitals, plus filters: all in the address.
  await admin.getByLabel("Rechercher").fill(`probleme RESERVATION eleve ${run}`);
  await admin.getByLabel("Statut").selectOption({ label: "Ouverte" });
  await admin.getByLabel("Attribuée à").selectOption({ label: "Non attribuée" });
  await admin.getByRole("button", { name: "Filtrer" }).click();
  await expect(admin).toHaveURL(/[?&]status=open/);
  await expect(admin).toHaveURL(/[?&]assignee=unassigned/);
  const row = admin.getByTestId("admin-ticket-row").filter({ hasText: subject });
  await expect(row).toHaveCount(1);
  await expect(admin.getByTestId("admin-ticket-row")).toHaveCount(1);
  await expect(row).toContainText("Réservations");
  await expect(row).toContainText("Moyenne");
  await expect(row).toContainText(DEMO_STUDENT.firstName);
  await expect(row).toContainText("Non attribuée");
  // New for the team: a new request (nobody has answered it), marked so rather than as a new message.
  await expect(row.getByTestId("new-request-badge").filter({ visible: true })).toHaveText("Nouvelle demande");
  await expect(row.getByTestId("unread-dot").filter({ visible: true })).toHaveCount(0);
  await expect(admin.getByTestId("ticket-results-summary")).toHaveText("1 demande affichée.");

  await admin.getByLabel("Statut").selectOption({ label: "Fermée" });
  await admin.getByRole("button", { name: "Filtrer" }).click();
  await expect(admin).toHaveURL(/[?&]status=closed/);
  await expect(admin.getByText("Aucune demande ne correspond à ces filtres.").first()).toBeVisible();

  // By number too.
  await admin.goto(`/admin/demandes?q=%23${number}`);
  await admin.getByTestId("admin-ticket-row").filter({ hasText: subject }).getByRole("link", { name: subject }).click();
  await expect(admin).toHaveURL(/\/admin\/demandes\/[0-9a-f-]{36}$/);
  await expect(admin.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(admin.getByTestId("student-card")).toContainText(DEMO_STUDENT.email);

  const controls = admin.getByTestId("ticket-controls");
  const notice = controls.getByRole("status");

  await controls.getByLabel("Priorité (invisible pour l'élève)").selectOption("urgent");
  await controls.getByRole("button", { name: "Changer", exact: true }).click();
  await expect(notice).toHaveText("Priorité changée : Urgente.");
  await expect(admin.getByTestId("priority-badge")).toHaveText("Urgente");

  await controls.getByRole("button", { name: "Me l'attribuer" }).click();
  await expect(notice).toHaveText(`Demande attribuée à ${DEMO_ADMIN.firstName} ${DEMO_ADMIN.lastName}.`);
  await expect(admin.getByTestId("ticket-assignee")).toHaveText(
    `Attribuée à ${DEMO_ADMIN.firstName} ${DEMO_ADMIN.lastName}`,
  );

  await controls.getByLabel("Nouveau statut").selectOption("in_progress");
  await controls.getByRole("button", { name: "Changer le statut" }).click();
  await expect(notice).toHaveText("Statut changé : Ouverte → En cours.");
  await controls.getByLabel("Nouveau statut").selectOption("resolved");
  await controls.getByRole("button", { name: "Changer le statut" }).click();
  await expect(notice).toHaveText("Statut changé : En cours → Résolue.");

  // Going back needs a reason.
  await controls.getByLabel("Nouveau statut").selectOption("in_progress");
  await expect(controls.getByLabel("Raison (obligatoire)")).toBeVisible();
  await controls.getByRole("button", { name: "Changer le statut" }).click();
  await expect(controls.getByText("Indiquez la raison de ce retour en arrière.")).toBeVisible();
  await expect(controls.getByLabel("Raison (obligatoire)")).toBeFocused();
  await controls.getByLabel("Raison (obligatoire)").fill("Le correctif n'est pas encore en ligne.");
  await controls.getByRole("button", { name: "Changer le statut" }).click();
  await expect(notice).toHaveText("Statut changé : Résolue → En cours.");
  await expect(admin.getByTestId("status-badge")).toHaveText("En cours");

  // An internal note, then a public reply.
  const note = `Note interne ${run} : vérifier le journal du calendrier.`;
  await admin.getByLabel("Note interne", { exact: true }).check();
  await admin.getByLabel("Note interne (invisible pour l'élève)").fill(note);
  await admin.getByRole("button", { name: "Ajouter la note interne" }).click();
  await expect(admin.getByTestId("reply-form").getByRole("status")).toHaveText("La note interne a été ajoutée.");
  await expect(admin.getByTestId("internal-note").filter({ hasText: note })).toContainText("Note interne");
  await expect(admin.getByLabel("Note interne", { exact: true })).not.toBeChecked();

  const answer = `Bonjour, le calendrier est réparé ${run}. Réessayez et dites-nous!`;
  await admin.getByLabel("Votre message").fill(answer);
  await admin.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(admin.getByTestId("reply-form").getByRole("status")).toHaveText("Votre réponse a été envoyée.");
  await expect(admin.getByTestId("thread-message").filter({ hasText: answer })).toContainText(DEMO_ADMIN.firstName);

  // The history names people and translates values, with the reason.
  const history = admin.getByTestId("ticket-history");
  await expect(history).toContainText("a changé la priorité : Moyenne → Urgente");
  await expect(history).toContainText(`a attribué la demande à ${DEMO_ADMIN.firstName} ${DEMO_ADMIN.lastName}`);
  await expect(history).toContainText("a changé le statut : Résolue → En cours");
  await expect(history).toContainText("Le correctif n'est pas encore en ligne.");
  await expect(history).toContainText("a ajouté une note interne");

  // Opened and answered by the team: no longer unread in the team's list.
  await admin.goto(`/admin/demandes?q=${encodeURIComponent(run)}`);
  const answered = admin.getByTestId("admin-ticket-row").filter({ hasText: subject });
  await expect(answered).toContainText("En cours");
  await expect(answered.getByTestId("unread-dot")).toHaveCount(0);
  await admin.goBack();

  // The student: a new-reply marker in the list, no priority anywhere, no internal note.
  await student.goto("/etudiant");
  const studentRow = student.getByTestId("student-ticket").filter({ hasText: subject });
  await expect(studentRow.getByTestId("unread-badge")).toHaveText("Nouvelle réponse");
  await expect(studentRow).toContainText("En cours");
  await expect(studentRow).toContainText("Prise en charge");
  await expect(studentRow).not.toContainText(DEMO_ADMIN.lastName);
  await expect(studentRow).not.toContainText("Urgente");
  await studentRow.getByRole("link", { name: subject }).click();
  await expect(student).toHaveURL(new RegExp(`${ticketPath}$`));
  await expect(student.getByTestId("thread-message").filter({ hasText: answer })).toContainText("Équipe de soutien");
  await expect(student.getByText(note)).toHaveCount(0);
  await expect(student.getByText("Note interne")).toHaveCount(0);
  await expect(student.getByText("Urgente")).toHaveCount(0);
  await expect(student.getByTestId("priority-badge")).toHaveCount(0);
  await expect(student.getByText(DEMO_ADMIN.lastName)).toHaveCount(0);
  await expect(student.getByText("Prise en charge")).toBeVisible();

  // Opening it marked it read.
  await student.goto("/etudiant");
  await expect(student.getByTestId("student-ticket").filter({ hasText: subject })).toBeVisible();
  await expect(
    student.getByTestId("student-ticket").filter({ hasText: subject }).getByTestId("unread-badge"),
  ).toHaveCount(0);

  // A student's reply on a resolved request reopens it.
  await admin.reload();
  await admin.getByTestId("ticket-controls").getByLabel("Nouveau statut").selectOption("resolved");
  await admin.getByTestId("ticket-controls").getByRole("button", { name: "Changer le statut" }).click();
  await expect(admin.getByTestId("ticket-controls").getByRole("status")).toHaveText(
    "Statut changé : En cours → Résolue.",
  );
  await student.goto(ticketPath);
  await expect(student.getByText("Si vous répondez, elle sera rouverte")).toBeVisible();
  await student.getByLabel("Votre message").fill("Toujours le même problème ce soir.");
  await student.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(student.getByRole("status").filter({ hasText: "la demande a été rouverte" })).toBeVisible();
  await expect(student.getByTestId("status-badge")).toHaveText("Ouverte");
});

test("two admins on one request: the second change is refused until a reload", async ({ browser }) => {
  const run = runId();
  const subject = `Double modification ${run}`;
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const ticketPath = await createTicket(student, {
    subject,
    category: "Autre",
    description: "Une demande que deux personnes modifient en même temps.",
  });
  const ticketId = ticketPath.split("/").pop();

  const first = await signedInPage(browser, DEMO_ADMIN.email);
  await first.goto(`/admin/demandes/${ticketId}`);
  const second = await first.context().newPage();
  await second.goto(`/admin/demandes/${ticketId}`);

  await first.getByTestId("ticket-controls").getByLabel("Priorité (invisible pour l'élève)").selectOption("high");
  await first.getByTestId("ticket-controls").getByRole("button", { name: "Changer", exact: true }).click();
  await expect(first.getByTestId("ticket-controls").getByRole("status")).toHaveText("Priorité changée : Haute.");

  const controls = second.getByTestId("ticket-controls");
  await controls.getByLabel("Nouveau statut").selectOption("in_progress");
  await controls.getByRole("button", { name: "Changer le statut" }).click();
  const error = controls.getByTestId("ticket-controls-error");
  await expect(error).toContainText("La demande a été modifiée entre-temps. Rechargez la page.");
  const reload = error.getByRole("button", { name: "Recharger la demande" });
  await expect(reload).toBeFocused();
  await reload.click();
  await expect(second.getByTestId("priority-badge")).toHaveText("Haute");
  await controls.getByLabel("Nouveau statut").selectOption("in_progress");
  await controls.getByRole("button", { name: "Changer le statut" }).click();
  await expect(controls.getByRole("status")).toHaveText("Statut changé : Ouverte → En cours.");
});

test("the dashboard's counters and recent requests lead to the list and the details", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email);
  await page.getByTestId("count-inProgress").click();
  await expect(page).toHaveURL(/\/admin\/demandes\?status=in_progress$/);
  await expect(page.getByLabel("Statut")).toHaveValue("in_progress");
  const rows = page.getByTestId("admin-ticket-row");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain("En cours");

  await page.getByRole("link", { name: "Tableau de bord" }).click();
  // Issue 17: one unresolved total, counts by priority, the admin's work lists before the rest.
  await expect(page.getByTestId("count-unresolved")).toContainText(/Non résolues\s*\d/);
  await expect(page.getByTestId("count-priority-urgent")).toContainText(/Urgente/);
  await expect(page.getByRole("heading", { level: 2, name: "Assignées à moi" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Les plus anciennes sans réponse" })).toBeVisible();
  for (const text of await page.getByTestId("dashboard-recent").getByTestId("admin-ticket").allInnerTexts()) {
    expect(text).toMatch(/Ouverte|En cours/);
  }
  await expectNoAxeViolations(page);
  await saveScreenshot(page, test.info(), "admin-dashboard-fr-CA");
  const recent = page.getByTestId("dashboard-recent").getByTestId("admin-ticket").first();
  const subject = (await recent.getByRole("link").textContent()) ?? "";
  await recent.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
});

test("the list pages by 20 with “Charger plus” and sorts as asked", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/demandes?sort=priority_desc");
  const rows = page.getByTestId("admin-ticket-row");
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText("Urgente");
  const loadMore = page.getByRole("button", { name: "Charger plus" });
  await waitForHydration(loadMore);
  await loadMore.click();
  await expect(page.getByText(/\d+ demandes? de plus affichées?\./)).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(20);
  await expect(page.locator(":focus")).toHaveAttribute("data-focus-id", /[0-9a-f-]{36}/);
  const numbers = await rows.getByTestId("ticket-number").allTextContents();
  expect(new Set(numbers).size).toBe(numbers.length);
});

test("a renamed category shows its new label in the student's form, and a retired one is gone", async ({ browser }) => {
  const run = runId();
  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.getByRole("link", { name: "Catégories" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Catégories des demandes" })).toBeVisible();

  const form = admin.getByTestId("add-category-form");
  await form.getByLabel("Identifiant").fill("Pas Valide");
  await form.getByLabel("Libellé en français").fill(`Examens ${run}`);
  await form.getByLabel("Libellé en anglais").fill(`Exams ${run}`);
  await form.getByRole("button", { name: "Ajouter la catégorie" }).click();
  await expect(form.getByText("L'identifiant doit contenir de 2 à 64 lettres minuscules")).toBeVisible();
  await expect(form.getByLabel("Identifiant")).toBeFocused();
  await form.getByLabel("Identifiant").fill(`examens-${run}`);
  await form.getByRole("button", { name: "Ajouter la catégorie" }).click();
  const status = admin.getByTestId("categories-status");
  await expect(status).toHaveText(`Catégorie « Examens ${run} » ajoutée à la fin de la liste.`);

  const row = admin.getByTestId("category-row").filter({ hasText: `examens-${run}` });
  await row.getByRole("button", { name: /^Renommer/ }).click();
  await expect(row.getByLabel("Libellé en français")).toBeFocused();
  await row.getByLabel("Libellé en français").fill(`Examens finaux ${run}`);
  await row.getByRole("button", { name: "Enregistrer" }).click();
  await expect(status).toHaveText(`Catégorie renommée : « Examens finaux ${run} ».`);
  await expect(row.getByRole("button", { name: /^Renommer/ })).toBeFocused();

  // Up one place: focus stays on the moved row's button.
  const before = await admin.getByTestId("category-row").allInnerTexts();
  await row.getByRole("button", { name: /^Monter/ }).click();
  await expect(status).toContainText(`est maintenant en position ${before.length - 1} sur ${before.length}`);
  await expect(row.getByRole("button", { name: /^Monter/ })).toBeFocused();

  const student = await signedInPage(browser, DEMO_STUDENT.email);
  await student.goto("/etudiant/demandes/nouvelle");
  await expect(student.getByLabel("Catégorie").locator("option", { hasText: `Examens finaux ${run}` })).toHaveCount(1);

  await row.getByRole("button", { name: /^Désactiver/ }).click();
  await expect(status).toContainText("les élèves ne peuvent plus la choisir");
  await student.reload();
  await expect(student.getByLabel("Catégorie").locator("option", { hasText: `Examens finaux ${run}` })).toHaveCount(0);
});

test("an admin picks a student in the type-ahead, sees only their requests, and opens the student's page", async ({
  page,
}) => {
  const name = `${DEMO_STUDENT.firstName} ${DEMO_STUDENT.lastName}`;
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/demandes");
  const picker = page.getByRole("combobox", { name: "Élève" });
  await picker.fill(DEMO_STUDENT.lastName.slice(0, 5).toLowerCase());
  const option = page.getByRole("option", { name: new RegExp(name) });
  await expect(option).toBeVisible();
  await expect(page.getByTestId("student-filter-status")).toHaveText(/\d+ élèves? trouvés?/);
  // Keyboard: the first suggestion is highlighted; the arrows move, Enter picks.
  for (let i = 0; i < 8 && (await option.getAttribute("aria-selected")) !== "true"; i++)
    await picker.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await picker.press("Enter");
  await expect(page).toHaveURL(/[?&]student=[0-9a-f-]{36}/);
  await expect(page.getByTestId("student-filter-chip")).toContainText(name);
  const rows = page.getByTestId("admin-ticket-row");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.getByTestId("row-student").allInnerTexts()) expect(text).toBe(name);

  // From a ticket, the student card leads to the student's page and to their requests.
  await rows.first().getByRole("link").first().click();
  const card = page.getByTestId("student-card");
  await card.getByTestId("student-card-profile").click();
  await expect(page).toHaveURL(/\/admin\/eleves\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: `Élève : ${name}` })).toBeVisible();
  await expect(page.getByTestId("student-card")).toContainText(DEMO_STUDENT.email);
  const theirs = page.getByTestId("admin-ticket-row");
  await expect(theirs.first()).toBeVisible();
  for (const text of await theirs.getByTestId("row-student").allInnerTexts()) expect(text).toBe(name);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, test.info(), "admin-student-page-fr-CA");

  // Removing the chip lists everyone's requests again.
  await page.goBack();
  await page.getByTestId("student-card-tickets").click();
  await expect(page).toHaveURL(/[?&]student=[0-9a-f-]{36}/);
  await page.getByRole("button", { name: `Retirer le filtre élève (${name})` }).click();
  await expect(page).not.toHaveURL(/student=[0-9a-f]/);
  await expect(page.getByRole("combobox", { name: "Élève" })).toBeVisible();
});
