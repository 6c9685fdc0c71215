import { expect, type Page, test } from "@playwright/test";
import { DEMO_ADMIN } from "../../src/server/db/seed/demo-accounts";
import { invitationLinkOf, invitePerson } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { runId, signIn } from "./support/tickets";

// Issue 12: "Mot de passe oublié ?". The e2e server has no SMTP relay: the reset email is kept in
// the Courriels log with its link, where the admin reads it (as they would hand it over).

/** The link of the newest kept password reset email to `email`, from the Courriels log's preview. */
async function resetLinkOf(page: Page, email: string): Promise<string> {
  await page.goto("/admin/courriels");
  const row = page
    .getByTestId("email-log")
    .getByRole("listitem")
    .filter({ hasText: email })
    .filter({ hasText: "Réinitialisation du mot de passe" });
  await expect(async () => {
    await page.reload();
    await expect(row.first()).toContainText("Conservé (non envoyé)", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await row
    .first()
    .getByRole("link", { name: /Aperçu/ })
    .click();
  const frame = page.frameLocator('iframe[title="Version HTML du courriel"]');
  const href = await frame.getByRole("link", { name: "Choisir un nouveau mot de passe" }).getAttribute("href");
  expect(href).toMatch(/\/nouveau-mot-de-passe\?token=/);
  return href ?? "";
}

async function signInWith(page: Page, email: string, password: string) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse courriel").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

test("forgot password: the same answer for any email, the kept email's link, a new password, signed in; the link works once", async ({
  page,
  browser,
}) => {
  // Two people, the worker's emails, axe on each page, on a shared, busy machine.
  test.setTimeout(300_000);
  const email = `oubli-${runId()}@exemple.test`;
  const firstPassword = "PremierMotDePasse2026";
  const newPassword = "NouveauMotDePasse2026";

  // An account with a password of its own (not a demo account: other specs sign in with those).
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/utilisateurs");
  await invitePerson(page, { email, firstName: "Odile", lastName: "Oublieuse", role: "Élève" });
  const person = await browser.newContext({ locale: "fr-CA" });
  const personPage = await person.newPage();
  await personPage.goto(await invitationLinkOf(page, email));
  await personPage.getByLabel("Mot de passe (8 caractères au moins)").fill(firstPassword);
  await personPage.getByLabel("Confirmez le mot de passe").fill(firstPassword);
  await personPage.getByRole("button", { name: "Activer mon compte" }).click();
  await expect(personPage).not.toHaveURL(/\/invitation/);
  await person.close();

  // Signed out: the sign-in page links to the request page; sign-up is closed, so no link to it.
  const visitor = await browser.newContext({ locale: "fr-CA" });
  const visitorPage = await visitor.newPage();
  await visitorPage.goto("/connexion");
  await expect(visitorPage.getByRole("link", { name: /Créer un compte/ })).toHaveCount(0);
  await visitorPage.getByRole("link", { name: "Mot de passe oublié ?" }).click();
  await expect(visitorPage).toHaveURL(/\/mot-de-passe-oublie$/);
  await expect(visitorPage.getByRole("heading", { level: 1, name: "Mot de passe oublié" })).toBeVisible();
  await expectNoAxeViolations(visitorPage);

  const form = visitorPage.getByTestId("forgot-password-form");
  await form.getByLabel("Adresse courriel").fill("pas-une-adresse");
  await form.getByRole("button", { name: "Envoyer le lien" }).click();
  await expect(form.getByText("Entrez une adresse courriel valide.")).toBeVisible();

  // An unknown address and the account's get the same answer.
  await form.getByLabel("Adresse courriel").fill(`inconnu-${runId()}@exemple.test`);
  await form.getByRole("button", { name: "Envoyer le lien" }).click();
  const sent = visitorPage.getByTestId("forgot-password-sent");
  await expect(sent).toContainText("Si un compte actif correspond à cette adresse");
  const unknownAnswer = await sent.textContent();
  await form.getByLabel("Adresse courriel").fill(email);
  await form.getByRole("button", { name: "Envoyer le lien" }).click();
  await expect(sent).toHaveText(unknownAnswer ?? "");
  await expectNoAxeViolations(visitorPage);

  // The admin reads the kept email's link; the person follows it.
  const link = await resetLinkOf(page, email);
  await visitorPage.goto(link);
  await expect(visitorPage.getByRole("heading", { level: 1, name: "Choisir un nouveau mot de passe" })).toBeVisible();
  await expectNoAxeViolations(visitorPage);
  const reset = visitorPage.getByTestId("reset-password-form");
  await reset.getByLabel("Nouveau mot de passe (8 caractères au moins)").fill("court");
  await reset.getByLabel("Confirmez le mot de passe").fill("court");
  await reset.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(reset.getByText("Le mot de passe doit contenir au moins 8 caractères.")).toBeVisible();
  await reset.getByLabel("Nouveau mot de passe (8 caractères au moins)").fill(newPassword);
  await reset.getByLabel("Confirmez le mot de passe").fill("PasLeMeme2026");
  await reset.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(reset.getByText("Les deux mots de passe ne sont pas identiques.")).toBeVisible();
  await reset.getByLabel("Confirmez le mot de passe").fill(newPassword);
  await reset.getByRole("button", { name: "Changer mon mot de passe" }).click();

  // On the sign-in page, told what happened; the old password no longer works, the new one does.
  await expect(visitorPage).toHaveURL(/\/connexion\?motdepasse=nouveau/);
  await expect(visitorPage.getByTestId("password-changed-notice")).toContainText("Votre mot de passe a été changé");
  await expectNoAxeViolations(visitorPage);
  await signInWith(visitorPage, email, firstPassword);
  await expect(visitorPage.getByText("Courriel ou mot de passe incorrect.")).toBeVisible();
  await signInWith(visitorPage, email, newPassword);
  await expect(visitorPage).toHaveURL(/\/etudiant/);

  // The link works once.
  const again = await browser.newContext({ locale: "fr-CA" });
  const againPage = await again.newPage();
  await againPage.goto(link);
  await againPage.getByLabel("Nouveau mot de passe (8 caractères au moins)").fill("EncoreUnAutre2026");
  await againPage.getByLabel("Confirmez le mot de passe").fill("EncoreUnAutre2026");
  await againPage.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(againPage.getByTestId("reset-password-error")).toContainText("Ce lien n'est plus valide");
  // A link that is not one says so, with the way to ask for a new one.
  await againPage.goto("/nouveau-mot-de-passe?token=abc");
  await expect(againPage.getByTestId("reset-link-invalid")).toBeVisible();
  await againPage.getByRole("link", { name: "Demander un nouveau lien" }).click();
  await expect(againPage).toHaveURL(/\/mot-de-passe-oublie$/);
  await again.close();
  await visitor.close();

  // Audited.
  await page.goto("/admin/securite");
  const events = page.getByTestId("audit-events");
  await expect(events.getByText("Mot de passe réinitialisé").first()).toBeVisible();
  await expect(events.getByText("Réinitialisation du mot de passe demandée").first()).toBeVisible();
});

test("in English, and the sign-up page is not there while sign-up is closed", async ({ page }) => {
  await page.goto("/en/connexion");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/en\/mot-de-passe-oublie$/);
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password" })).toBeVisible();
  await page.getByLabel("Email address").fill("nobody@example.test");
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByTestId("forgot-password-sent")).toContainText("If an active account has this address");
  await expectNoAxeViolations(page);

  const response = await page.goto("/inscription");
  expect(response?.status()).toBe(404);
});
