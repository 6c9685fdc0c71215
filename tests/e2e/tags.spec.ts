import { type Browser, expect, type Page, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoSeriousAxeViolations } from "./support/axe";
import { saveScreenshot } from "./support/screenshots";
import { createTicket, runId, signIn } from "./support/tickets";

// The tags page (issue 15): counts linked to the filtered list, rename, merge.

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function tagTicket(admin: Page, path: string, tag: string) {
  await admin.goto(path.replace("/etudiant/", "/admin/"));
  const editor = admin.getByTestId("ticket-tags-editor");
  await editor.getByLabel("Ajouter une étiquette").fill(tag);
  await editor.getByRole("button", { name: "Ajouter" }).click();
  await expect(editor.getByTestId("ticket-tag").filter({ hasText: tag })).toHaveCount(1);
}

test("an admin renames a tag, merges it into another and opens the requests that carry it", async ({ browser }) => {
  const run = runId();
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const paths: string[] = [];
  for (const n of [1, 2]) {
    paths.push(
      await createTicket(student, {
        subject: `Étiquettes ${run} numéro ${n}`,
        category: "Réservations",
        description: "Bonjour, voici les détails de ma demande pour l'équipe de soutien.",
      }),
    );
  }
  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  const [first, second] = paths as [string, string];
  await tagTicket(admin, first, `Rappel ${run}`);
  await tagTicket(admin, second, `Relance ${run}`);

  await admin.goto("/admin/etiquettes");
  await expect(admin.getByRole("heading", { level: 1, name: "Étiquettes" })).toBeVisible();
  const row = (name: string) => admin.getByTestId("tag-row").filter({ has: admin.getByRole("heading", { name }) });
  await expect(row(`Rappel ${run}`).getByTestId("tag-usage")).toHaveText(`1 demande « Rappel ${run} »`);
  await saveScreenshot(admin, test.info(), "admin-tags-fr-CA");

  // Rename: the name another tag has is refused, then a free one is taken.
  await row(`Relance ${run}`)
    .getByRole("button", { name: `Renommer « Relance ${run} »` })
    .click();
  const rename = admin.getByTestId("rename-tag-form");
  const field = rename.getByLabel(`Nouveau nom de « Relance ${run} »`);
  await expect(field).toBeFocused();
  await field.fill(`rappel ${run}`);
  await rename.getByRole("button", { name: "Enregistrer" }).click();
  await expect(rename).toContainText("Une autre étiquette porte déjà ce nom.");
  await field.fill(`Relance bis ${run}`);
  await rename.getByRole("button", { name: "Enregistrer" }).click();
  await expect(admin.getByTestId("tag-notice")).toHaveText(
    `« Relance ${run} » s'appelle maintenant « Relance bis ${run} ».`,
  );
  await expect(row(`Relance bis ${run}`)).toHaveCount(1);
  await expectNoSeriousAxeViolations(admin);

  // Merge it into the first: its request gets the other tag, and it is gone.
  await row(`Relance bis ${run}`)
    .getByRole("button", { name: `Fusionner « Relance bis ${run} »` })
    .click();
  const merge = admin.getByTestId("merge-tag-form");
  await merge.getByLabel(`Fusionner « Relance bis ${run} » dans`).selectOption({ label: `Rappel ${run}` });
  await expectNoSeriousAxeViolations(admin);
  await merge.getByRole("button", { name: "Fusionner" }).click();
  await expect(admin.getByTestId("tag-notice")).toHaveText(
    `« Relance bis ${run} » a été fusionnée dans « Rappel ${run} » (1 demande a reçu l'étiquette « Rappel ${run} »).`,
  );
  await expect(row(`Relance bis ${run}`)).toHaveCount(0);
  const usage = row(`Rappel ${run}`).getByTestId("tag-usage");
  await expect(usage).toHaveText(`2 demandes « Rappel ${run} »`);

  await usage.click();
  await expect(admin).toHaveURL(/\/admin\/demandes\?tag=[0-9a-f-]{36}$/);
  const rows = admin.getByTestId("admin-ticket-row");
  await expect(rows.filter({ hasText: `Étiquettes ${run}` })).toHaveCount(2);
});
