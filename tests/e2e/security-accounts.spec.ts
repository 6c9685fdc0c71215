import http from "node:http";
import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { findAccountRow, invitationLinkOf, invitePerson } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { runId, signIn } from "./support/tickets";

// Issue 12, found 3: the admins' accounts page (/admin/utilisateurs). The e2e server has no
// SMTP relay: the invitation email is kept in the Courriels log, link included.

test("an admin invites a tutor, who chooses a password and is signed in; deactivated, their session ends and sign-in says why", async ({
  page,
  browser,
}) => {
  // A long story (two people, the worker's email, axe four times) on a shared, busy machine.
  test.setTimeout(300_000);
  const email = `invite-${runId()}@exemple.test`;
  const password = "MotDePasseChoisi2026";
  await signIn(page, DEMO_ADMIN.email);
  const navLink = page
    .getByRole("navigation", { name: "Navigation principale" })
    .getByRole("link", { name: "Comptes" });
  await expect(navLink).toHaveAttribute("href", "/admin/utilisateurs");
  await page.goto("/admin/utilisateurs");
  await expect(page.getByRole("heading", { level: 1, name: "Comptes" })).toBeVisible();
  await expectNoAxeViolations(page);

  // A refused field keeps what was typed and says why.
  await invitePersonExpectingError(page, DEMO_STUDENT.email);

  await invitePerson(page, { email, firstName: "Théo", lastName: "Invité", role: "Tuteur ou tutrice" });
  await expect(page.getByTestId("invite-kept")).toContainText("Aucun serveur SMTP n'est configuré");
  const row = page.getByTestId("user-row").filter({ hasText: email });
  await expect(row.getByTestId("user-status")).toHaveText("Invitation envoyée");
  await expectNoAxeViolations(page);

  const link = await invitationLinkOf(page, email);
  const invited = await browser.newContext({ locale: "fr-CA" });
  const invitedPage = await invited.newPage();
  await invitedPage.goto(link);
  await expect(invitedPage.getByRole("heading", { level: 1, name: "Choisir votre mot de passe" })).toBeVisible();
  await expectNoAxeViolations(invitedPage);
  await invitedPage.getByLabel("Mot de passe (8 caractères au moins)").fill(password);
  await invitedPage.getByLabel("Confirmez le mot de passe").fill("pas-le-meme-2026");
  await invitedPage.getByRole("button", { name: "Activer mon compte" }).click();
  await expect(invitedPage.getByText("Les deux mots de passe ne sont pas identiques.")).toBeVisible();
  await invitedPage.getByLabel("Confirmez le mot de passe").fill(password);
  await invitedPage.getByRole("button", { name: "Activer mon compte" }).click();
  await expect(invitedPage).not.toHaveURL(/\/invitation/);
  await expect(invitedPage).not.toHaveURL(/\/connexion/);
  // The link works once.
  await invitedPage.goto(link);
  await invitedPage.getByLabel("Mot de passe (8 caractères au moins)").fill("UnAutre2026!");
  await invitedPage.getByLabel("Confirmez le mot de passe").fill("UnAutre2026!");
  await invitedPage.getByRole("button", { name: "Activer mon compte" }).click();
  await expect(invitedPage.getByTestId("invitation-error")).toContainText("Ce lien d'invitation n'est plus valide");

  // The admin deactivates the account: its session ends at once.
  const account = await findAccountRow(page, email);
  await expect(account.getByTestId("user-status")).toHaveText("Actif");
  await account.getByRole("button", { name: "Désactiver le compte de Théo Invité" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Ses sessions seront fermées immédiatement.");
  await expectNoAxeViolations(page);
  await dialog.getByRole("button", { name: "Désactiver" }).click();
  await expect(account.getByTestId("user-status")).toHaveText("Désactivé");
  await expect(account.getByText("Compte désactivé : ses sessions sont fermées.")).toBeVisible();

  await invitedPage.goto("/");
  await expect(invitedPage).toHaveURL(/\/connexion/);
  await invitedPage.getByLabel("Adresse courriel").fill(email);
  await invitedPage.getByLabel("Mot de passe").fill(password);
  await invitedPage.getByRole("button", { name: "Se connecter" }).click();
  await expect(
    invitedPage.getByText("Ce compte est désactivé. Adressez-vous à l'administration de la plateforme."),
  ).toBeVisible();
  await invited.close();

  // Reactivated, and the admin's own row has no controls; the page in English.
  await account.getByRole("button", { name: "Réactiver le compte de Théo Invité" }).click();
  await expect(account.getByTestId("user-status")).toHaveText("Actif");
  const self = await findAccountRow(page, DEMO_ADMIN.email);
  await expect(self.getByRole("button")).toHaveCount(0);
  await page.goto("/en/admin/utilisateurs");
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();

  // Every act is in the security log.
  // Back in French: the English page left its locale cookie, which unprefixed paths follow.
  await page.context().clearCookies({ name: "NEXT_LOCALE" });
  await page.goto("/admin/securite");
  await expect(page.getByRole("heading", { level: 1, name: "Journal de sécurité" })).toBeVisible();
  const events = page.getByTestId("audit-events");
  await expect(events.getByText("Compte invité").first()).toBeVisible();
  await expect(events.getByText("Compte désactivé").first()).toBeVisible();
});

async function invitePersonExpectingError(page: import("@playwright/test").Page, takenEmail: string) {
  const form = page.getByTestId("invite-user-form");
  await form.getByLabel("Adresse courriel").fill(takenEmail);
  await form.getByLabel("Prénom").fill("Déjà");
  await form.getByLabel("Nom", { exact: true }).fill("Inscrit");
  await form.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText("Un compte utilise déjà cette adresse courriel.").first()).toBeVisible();
  await expect(form.getByLabel("Prénom")).toHaveValue("Déjà");
  await form.getByLabel("Adresse courriel").fill("");
  await form.getByLabel("Prénom").fill("");
  await form.getByLabel("Nom", { exact: true }).fill("");
}

test("a student cannot open the accounts page", async ({ page }) => {
  await signIn(page, DEMO_STUDENT.email);
  await page.goto("/admin/utilisateurs");
  await expect(page.getByRole("heading", { level: 1, name: "Comptes" })).toHaveCount(0);
});

test("TRACE and other methods the app does not serve answer 405 from the real server, never 500", async ({
  baseURL,
}) => {
  const url = new URL(baseURL ?? "");
  const send = (method: string, path: string) =>
    new Promise<{ status: number; allow?: string; body: string }>((resolve, reject) => {
      const request = http.request({ host: url.hostname, port: url.port, method, path, agent: false }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, allow: response.headers.allow, body }));
      });
      request.on("error", reject);
      request.end();
    });
  for (const path of ["/", "/connexion", "/api/health", "/api/tickets"]) {
    const answer = await send("TRACE", path);
    expect(answer.status, path).toBe(405);
    expect(answer.allow).toContain("GET");
    expect(answer.body).not.toMatch(/at |Error/);
  }
  expect((await send("PROPFIND", "/")).status).toBe(405);
  expect((await send("GET", "/api/health")).status).toBe(200);
});
