import { type Browser, expect, type Page, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoAxeViolations } from "./support/axe";
import { createTicket, runId, signIn } from "./support/tickets";

// Issue 15 on a desktop: a canned reply inserted with "/" and sent; a rule that assigns a new
// student request, seen in the request's history.

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

const adminName = `${DEMO_ADMIN.firstName} ${DEMO_ADMIN.lastName}`;

test("an admin writes a canned reply, inserts it with / filled for the student, edits it and sends it", async ({
  browser,
}) => {
  test.slow();
  const run = runId();
  const title = `Accusé de réception ${run}`;
  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin
    .getByRole("navigation", { name: "Navigation principale" })
    .getByRole("link", { name: "Réponses types" })
    .click();
  await expect(admin.getByRole("heading", { level: 1, name: "Réponses types" })).toBeVisible();

  // An unknown variable is refused with a translated message.
  const form = admin.getByTestId("canned-reply-form").first();
  await form.getByLabel("Titre").fill(title);
  await form.getByLabel("Texte en français").fill("Bonjour {{student.surnom}}");
  await form.getByLabel("Texte en anglais").fill("Hi {{student.first_name}}");
  await form.getByRole("button", { name: "Ajouter la réponse" }).click();
  await expect(form.getByText("Ce texte utilise une variable inconnue.", { exact: false })).toBeVisible();

  await form
    .getByLabel("Texte en français")
    .fill(`Bonjour {{student.first_name}}, nous avons bien reçu la demande n° {{ticket.number}} (${run}).`);
  await form
    .getByLabel("Texte en anglais")
    .fill(`Hi {{student.first_name}}, we got request #{{ticket.number}} (${run}).`);
  await form.getByLabel("Partager avec l'équipe").check();
  await form.getByRole("button", { name: "Ajouter la réponse" }).click();
  await expect(admin.getByTestId("canned-reply-row").filter({ hasText: title })).toBeVisible();
  await expectNoAxeViolations(admin);

  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const studentPath = await createTicket(student, {
    subject: `Réponse type ${run}`,
    category: "Autre",
    description: "Bonjour, je voudrais simplement confirmer mon inscription, merci.",
  });
  const number = (await student.getByTestId("ticket-number").textContent())?.match(/\d+/)?.[0];

  await admin.goto(studentPath.replace("/etudiant/", "/admin/"));
  const box = admin.getByLabel("Votre message");
  await box.click();
  await box.press("/");
  const picker = admin.getByTestId("canned-reply-picker");
  await expect(picker).toBeVisible();
  await expect(admin.getByRole("combobox", { name: "Chercher une réponse" })).toBeFocused();
  await admin.keyboard.type(run);
  await expect(picker.getByRole("option")).toHaveCount(1);
  await expectNoAxeViolations(admin, '[data-testid="canned-reply-picker"]');
  await admin.keyboard.press("Enter");
  await expect(picker).toBeHidden();
  await expect(box).toBeFocused();
  await expect(box).toHaveValue(
    `Bonjour ${DEMO_STUDENT.firstName}, nous avons bien reçu la demande n° ${number} (${run}).`,
  );
  await box.press("End");
  await admin.keyboard.type(" À bientôt !");
  await admin.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(admin.getByText("Votre réponse a été envoyée.")).toBeVisible();

  await student.reload();
  await expect(
    student.getByText(
      `Bonjour ${DEMO_STUDENT.firstName}, nous avons bien reçu la demande n° ${number} (${run}). À bientôt !`,
    ),
  ).toBeVisible();
});

test("an admin adds a rule, tries it, and the student's new request is assigned by it, with the rule in history", async ({
  browser,
}) => {
  test.slow();
  const run = runId();
  const ruleName = `Règle e2e ${run}`;
  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin
    .getByRole("navigation", { name: "Navigation principale" })
    .getByRole("link", { name: "Attribution" })
    .click();
  await expect(admin.getByRole("heading", { level: 1, name: "Attribution automatique" })).toBeVisible();

  // Words unique to this run: the rule never catches another test's request.
  const form = admin.getByTestId("rule-form");
  await form.getByLabel("Nom de la règle").fill(ruleName);
  await form.getByLabel("Catégorie").selectOption({ label: "Autre" });
  await form.getByLabel("Mots dans le sujet (facultatif)").fill(`zq${run}`);
  await form.getByLabel("Attribuer à").selectOption({ label: "Une seule personne" });
  await form.getByLabel(adminName).check();
  await form.getByRole("button", { name: "Ajouter la règle" }).click();
  const row = admin.getByTestId("rule-row").filter({ hasText: ruleName });
  await expect(row).toBeVisible();
  await expectNoAxeViolations(admin);

  const dryRun = admin.getByTestId("dry-run-form");
  await dryRun.getByLabel("Catégorie").selectOption({ label: "Autre" });
  await dryRun.getByLabel("Sujet").fill(`Question zq${run}`);
  await dryRun.getByRole("button", { name: "Essayer" }).click();
  await expect(dryRun.getByTestId("dry-run-result")).toHaveText(`${adminName}, par la règle « ${ruleName} ».`);

  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const studentPath = await createTicket(student, {
    subject: `Question zq${run}`,
    category: "Autre",
    description: "Bonjour, une question générale sur mon compte, merci.",
  });
  await admin.goto(studentPath.replace("/etudiant/", "/admin/"));
  await expect(admin.getByTestId("ticket-assignee")).toContainText(adminName);
  await expect(
    admin
      .getByTestId("history-item")
      .filter({ hasText: `La règle « ${ruleName} » a attribué la demande à ${adminName}` }),
  ).toHaveCount(1);

  // Leave the rule off for the rest of the run.
  await admin.goto("/admin/attribution");
  await admin
    .getByTestId("rule-row")
    .filter({ hasText: ruleName })
    .getByRole("button", { name: `Désactiver ${ruleName}` })
    .click();
  await expect(admin.getByTestId("rule-row").filter({ hasText: ruleName })).toContainText("Désactivée");
});
