import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoSeriousAxeViolations } from "./support/axe";
import { saveScreenshot } from "./support/screenshots";
import { horizontalOverflow, runId, signIn } from "./support/tickets";

// Issue 17 on a 375 px phone: the new settings page fits and passes axe; on a ticket, the
// conversation comes before the controls, the linked appointment and order are readable
// (full width, not a side column), long emails wrap instead of widening the page.

test.use({ viewport: { width: 375, height: 812 } });

test("on a 375 px phone, the settings page fits the screen in French and English", async ({ page }, testInfo) => {
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/parametres");
  await expect(page.getByRole("heading", { level: 1, name: "Paramètres" })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoSeriousAxeViolations(page, undefined, "all");
  await saveScreenshot(page, testInfo, "admin-settings-phone-fr-CA");
  await page.goto("/en/admin/parametres");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await saveScreenshot(page, testInfo, "admin-settings-phone-en");
});

test("on a 375 px phone, a ticket shows the conversation before the controls, its linked order in full, and fits", async ({
  page,
}, testInfo) => {
  await signIn(page, DEMO_STUDENT.email);
  await page.goto("/etudiant/demandes/nouvelle");
  const subject = `Téléphone ${runId()}`;
  await page.getByLabel("Sujet").fill(subject);
  await page.getByLabel("Catégorie").selectOption({ label: "Paiement" });
  await page
    .getByLabel("Description", { exact: true })
    .fill(
      "Ma commande n'apparaît pas.\n\nÉcrivez-moi à une.adresse.vraiment.tres.longue.pour.tester@sous-domaine.exemple-universitaire.example",
    );
  await page.getByLabel("Commande").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(page).toHaveURL(/\/etudiant\/demandes\/[0-9a-f-]{36}/);
  const path = new URL(page.url()).pathname;
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoSeriousAxeViolations(page, undefined, "all");
  await saveScreenshot(page, testInfo, "student-ticket-phone-fr-CA");
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion\?deconnexion=1$/);

  await signIn(page, DEMO_ADMIN.email);
  for (const prefix of ["", "/en"]) {
    await page.goto(`${prefix}${path.replace("/etudiant/demandes/", "/admin/demandes/")}`);
    const thread = page.getByTestId("thread");
    const controls = page.getByTestId("ticket-controls");
    await expect(thread).toBeVisible();
    const threadBox = await thread.boundingBox();
    const controlsBox = await controls.boundingBox();
    expect(threadBox && controlsBox && threadBox.y < controlsBox.y).toBe(true);
    // The linked order takes the screen's width, not a side column's.
    const context = page.getByTestId("ticket-context-card");
    const contextBox = await context.boundingBox();
    expect(contextBox?.width ?? 0).toBeGreaterThan(330);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await saveScreenshot(page, testInfo, `admin-ticket-phone${prefix ? "-en" : "-fr-CA"}`);
  }
  await expectNoSeriousAxeViolations(page, undefined, "all");
});
