import { type Browser, expect, type Page, test } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoSeriousAxeViolations } from "./support/axe";
import { saveScreenshot } from "./support/screenshots";
import { createTicket, runId, signIn } from "./support/tickets";

const ADMIN_NAME = `${DEMO_ADMIN.firstName} ${DEMO_ADMIN.lastName}`;

// Queue tools (issue 15) on a desktop screen: bulk assignment, tags and the tag filter, saved
// views, and merging two requests as the student then sees it.

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

const DESCRIPTION = "Bonjour, voici les détails de ma demande pour l'équipe de soutien.";

test("an admin bulk-assigns three requests, tags one, filters by the tag and saves the filter as a view", async ({
  browser,
}) => {
  test.slow();
  const run = runId();
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  for (const n of [1, 2, 3]) {
    await createTicket(student, {
      subject: `Lot ${run} numéro ${n}`,
      category: "Réservations",
      description: DESCRIPTION,
    });
  }

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto(`/admin/demandes?q=${run}`);
  const rows = admin.getByTestId("admin-ticket-row");
  await expect(rows).toHaveCount(3);
  await expectNoSeriousAxeViolations(admin);

  // Bulk: all on this page, assign to me.
  const bulk = admin.getByTestId("bulk-actions");
  await bulk.getByLabel("Tout sélectionner sur cette page (3)").check();
  await expect(bulk.getByTestId("bulk-selected-count")).toHaveText("3 demandes sélectionnées.");
  await bulk.getByLabel("Action").selectOption({ label: "Attribuer" });
  await bulk.getByLabel("Attribuer à").selectOption({ label: ADMIN_NAME });
  await bulk.getByRole("button", { name: "Appliquer" }).click();
  await expect(bulk.getByTestId("bulk-notice")).toHaveText("Terminé : 3 demandes traitées, 0 refusée.");
  await expect(bulk.getByTestId("bulk-results").getByRole("listitem")).toHaveCount(3);
  for (const text of await bulk.getByTestId("bulk-results").getByRole("listitem").allInnerTexts()) {
    expect(text).toMatch(/^n° \d+ : fait$/);
  }
  for (const text of await rows.allInnerTexts()) expect(text).toContain(ADMIN_NAME);

  // Tag one of them on its page.
  const tag = `Rappel ${run}`;
  await rows
    .filter({ hasText: `numéro 2` })
    .getByRole("link", { name: `Lot ${run} numéro 2` })
    .click();
  const editor = admin.getByTestId("ticket-tags-editor");
  await editor.getByLabel("Ajouter une étiquette").fill(tag);
  await editor.getByRole("button", { name: "Ajouter" }).click();
  await expect(editor.getByTestId("ticket-tag")).toHaveText([tag]);
  await expect(admin.getByTestId("history-item").filter({ hasText: `a ajouté l'étiquette « ${tag} »` })).toHaveCount(1);
  await expectNoSeriousAxeViolations(admin);

  // Filter the list by that tag.
  await admin.goto(`/admin/demandes?q=${run}`);
  await admin.getByTestId("tag-filter").getByLabel(tag).check();
  await admin.getByRole("button", { name: "Filtrer" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`Lot ${run} numéro 2`);
  await expect(rows.first().getByTestId("ticket-tag")).toHaveText(tag);

  // Save it as a view, then open it from the views navigation.
  const viewName = `Rappels ${run}`;
  const save = admin.getByTestId("save-view-form");
  await save.getByLabel("Nom de la vue").fill(viewName);
  await save.getByRole("button", { name: "Enregistrer la vue" }).click();
  await expect(admin).toHaveURL(/\/admin\/demandes\?view=[0-9a-f-]{36}$/);
  const viewUrl = admin.url();
  await expect(admin.getByRole("heading", { level: 1, name: `Vue : ${viewName}` })).toBeVisible();
  await admin.goto("/admin/demandes");
  const views = admin.getByRole("navigation", { name: "Vues enregistrées" });
  const link = views.getByRole("link", { name: new RegExp(viewName) });
  await expect(link).toContainText("1");
  await link.click();
  await expect(admin).toHaveURL(viewUrl);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`Lot ${run} numéro 2`);
  await expectNoSeriousAxeViolations(admin);
});

test("an admin merges a duplicate request and the student sees it on both", async ({ browser }) => {
  test.slow();
  const run = runId();
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const firstPath = await createTicket(student, {
    subject: `Paiement refusé ${run}`,
    category: "Paiement",
    description: DESCRIPTION,
  });
  const firstNumber = (await student.getByTestId("ticket-number").textContent())?.match(/\d+/)?.[0];
  const duplicatePath = await createTicket(student, {
    subject: `Paiement refusé encore ${run}`,
    category: "Paiement",
    description: DESCRIPTION,
  });
  const duplicateNumber = (await student.getByTestId("ticket-number").textContent())?.match(/\d+/)?.[0];
  await student.getByLabel("Votre message").fill(`Capture du refus ${run}`);
  await student.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(student.getByTestId("thread")).toContainText(`Capture du refus ${run}`);

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto(duplicatePath.replace("/etudiant/", "/admin/"));
  const merge = admin.getByTestId("merge-form");
  await merge
    .getByLabel("Fusionner dans la demande")
    .selectOption({ label: `n° ${firstNumber} — Paiement refusé ${run}` });
  await merge.getByRole("button", { name: "Fusionner" }).click();
  await expect(admin.getByTestId("merged-into")).toContainText(`n° ${firstNumber}`);
  await expect(
    admin.getByTestId("history-item").filter({ hasText: `a fusionné cette demande dans la demande #${firstNumber}` }),
  ).toHaveCount(1);
  await expectNoSeriousAxeViolations(admin);

  // The student: the target shows the duplicate's message and a note; the duplicate is closed and points there.
  await student.goto(firstPath);
  const thread = student.getByTestId("thread");
  await expect(thread).toContainText(`Capture du refus ${run}`);
  await expect(thread).toContainText(`Votre demande #${duplicateNumber}`);
  await expectNoSeriousAxeViolations(student);
  await student.goto(duplicatePath);
  await expect(student.getByTestId("merged-into")).toContainText(`n° ${firstNumber}`);
  await expect(student.getByText("Fermée").first()).toBeVisible();
  await student.getByTestId("merged-into").getByRole("link").click();
  await expect(student).toHaveURL(new RegExp(`${firstPath}$`));
});

test("from its row, an admin sees a new request, takes it and answers it without leaving the list", async ({
  browser,
}) => {
  const run = runId();
  const subject = `Rangée ${run}`;
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  await createTicket(student, { subject, category: "Réservations", description: DESCRIPTION });

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto(`/admin/demandes?q=${run}`);
  const row = admin.getByTestId("admin-ticket-row");
  await expect(row).toHaveCount(1);
  // Only the creation so far: a new request, not "a new message from the student".
  await expect(row.getByTestId("new-request-badge")).toHaveText("Nouvelle demande");
  await expect(row.getByTestId("unread-dot")).toHaveCount(0);
  const number = (await row.getByTestId("ticket-number").textContent())?.replace(/\D/g, "");
  // Set in the page: still there afterwards means nothing reloaded it.
  await admin.evaluate(() => Object.assign(window, { __sameDocument: true }));

  const actions = row.getByRole("button", { name: `Actions pour la demande n° ${number}` });
  await actions.click();
  const panel = admin.getByRole("dialog", { name: `Demande n° ${number}` });
  await expect(panel).toBeVisible();
  // What the agent answers: the request itself, nobody having written yet.
  const context = panel.getByTestId("row-reply-context");
  await expect(context).toContainText(`La demande de ${DEMO_STUDENT.firstName} ${DEMO_STUDENT.lastName}`);
  await expect(context).toContainText(DESCRIPTION);
  await expectNoSeriousAxeViolations(admin);
  await saveScreenshot(admin, test.info(), "admin-list-quick-actions-fr-CA");
  await panel.getByRole("button", { name: "M'assigner" }).click();
  const status = admin.getByTestId("row-actions-status");
  await expect(status).toHaveText(`Demande n° ${number} attribuée à ${ADMIN_NAME}.`);
  await expect(panel).toBeHidden();
  await expect(actions).toBeFocused();
  await expect(row).toContainText(ADMIN_NAME);

  // Reply from the keyboard: the panel opens on Enter.
  await admin.keyboard.press("Enter");
  await panel.getByLabel("Réponse à l'élève").fill(`Bonjour, je m'en occupe (${run}).`);
  await panel.getByRole("button", { name: "Envoyer" }).click();
  await expect(status).toHaveText(`Réponse envoyée (demande n° ${number}).`);
  await expect(row.getByTestId("new-request-badge")).toHaveCount(0);
  await expect(row).toContainText("1 message");
  expect(await admin.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  await row.getByRole("link", { name: subject }).click();
  await expect(admin.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(admin.getByText(`Bonjour, je m'en occupe (${run}).`)).toBeVisible();
});

test("a quick reply shows the newest message, and is held when another admin answered meanwhile", async ({
  browser,
}) => {
  const run = runId();
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const path = await createTicket(student, {
    subject: `Collision ${run}`,
    category: "Réservations",
    description: DESCRIPTION,
  });
  await student.getByLabel("Votre message").fill(`J'ajoute une précision ${run}.`);
  await student.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(student.getByRole("status").filter({ hasText: "Votre réponse a été envoyée." })).toBeVisible();

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto(`/admin/demandes?q=${run}`);
  const row = admin.getByTestId("admin-ticket-row");
  await expect(row).toHaveCount(1);
  await row.getByTestId("row-actions").click();
  const panel = admin.getByTestId("row-actions-panel");
  const context = panel.getByTestId("row-reply-context");
  await expect(context).toContainText(`Dernier message, de ${DEMO_STUDENT.firstName} ${DEMO_STUDENT.lastName} (élève)`);
  await expect(context).toContainText(`J'ajoute une précision ${run}.`);
  await panel.getByLabel("Réponse à l'élève").fill(`Ma réponse rapide ${run}.`);

  // Meanwhile, another admin answers from the ticket page.
  const second = DEMO_ACCOUNTS[1];
  const other = await signedInPage(browser, second.email);
  await other.goto(path.replace("/etudiant/", "/admin/"));
  await other.getByLabel("Votre message").fill(`Réponse de ${second.firstName} ${run}.`);
  await other.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(other.getByTestId("reply-form").getByRole("status")).toHaveText("Votre réponse a été envoyée.");

  await panel.getByRole("button", { name: "Envoyer", exact: true }).click();
  const conflict = panel.getByTestId("row-reply-conflict");
  await expect(conflict).toContainText(`${second.firstName} ${second.lastName} a répondu pendant que vous écriviez.`);
  await expect(context).toContainText(`Réponse de ${second.firstName} ${run}.`);
  await expect(panel.getByLabel("Réponse à l'élève")).toHaveValue(`Ma réponse rapide ${run}.`);
  await saveScreenshot(admin, test.info(), "admin-list-quick-reply-conflict-fr-CA");
  await conflict.getByRole("button", { name: "Envoyer quand même" }).click();
  await expect(admin.getByTestId("row-actions-status")).toHaveText(/^Réponse envoyée \(demande n° \d+\)\.$/);
  await expect(row).toContainText("3 messages");
});

test("the list loads the next page as its end scrolls into view, and keeps it on the way back from a ticket", async ({
  page,
}) => {
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/demandes?sort=created_asc");
  const rows = page.getByTestId("admin-ticket-row");
  await expect(rows).toHaveCount(20);
  await page.mouse.move(640, 300);
  await page.mouse.wheel(0, 30000);
  await expect(page.getByText("20 demandes de plus affichées.")).toBeVisible();
  await expect(rows).toHaveCount(40);
  // Loaded by scrolling: focus stays where it was.
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");
  const numbers = await rows.getByTestId("ticket-number").allTextContents();
  expect(new Set(numbers).size).toBe(40);

  // Open a ticket of the second page, come back: both pages, and that row in view again.
  const target = rows.nth(30);
  // The row's subject (the student's name is a link too).
  const link = target.locator("a[data-focus-id]");
  const subject = (await link.textContent()) ?? "";
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await page.goBack();
  await expect(rows).toHaveCount(40);
  expect(await rows.getByTestId("ticket-number").allTextContents()).toEqual(numbers);
  await expect(rows.nth(30)).toBeInViewport();
});

test("a search finds a word written only in a reply and marks it in the row, saying where", async ({ browser }) => {
  const run = runId();
  // Letters only: a word with digits is tokenized apart from the reply's words.
  const word = `Ornithorynque${run.replace(/\d/g, (d) => "ghijklmnop"[Number(d)] ?? "q")}`;
  const subject = `Recherche ${run}`;
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  await createTicket(student, { subject, category: "Réservations", description: DESCRIPTION });

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto(`/admin/demandes?q=${run}`);
  const row = admin.getByTestId("admin-ticket-row");
  await expect(row).toHaveCount(1);
  const number = (await row.getByTestId("ticket-number").textContent())?.replace(/\D/g, "");
  await row.getByRole("button", { name: `Actions pour la demande n° ${number}` }).click();
  const panel = admin.getByRole("dialog", { name: `Demande n° ${number}` });
  await panel.getByLabel("Réponse à l'élève").fill(`Bonjour, le code ${word} <b>est</b> réglé.`);
  await panel.getByRole("button", { name: "Envoyer" }).click();
  await expect(admin.getByTestId("row-actions-status")).toHaveText(`Réponse envoyée (demande n° ${number}).`);

  await admin.goto(`/admin/demandes?q=${word.toLowerCase()}`);
  await expect(row).toHaveCount(1);
  const hit = row.getByTestId("search-hit");
  await expect(hit).toContainText("Trouvé dans un message");
  await expect(hit.locator("mark")).toHaveText(word);
  // The reply's markup is text, never an element.
  await expect(hit.locator("b")).toHaveCount(0);
  await expectNoSeriousAxeViolations(admin);
});
