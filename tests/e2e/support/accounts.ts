import { expect, type Page } from "@playwright/test";

/** Fills and sends the invitation form of /admin/utilisateurs. */
export async function invitePerson(
  page: Page,
  person: { email: string; firstName: string; lastName: string; role: string },
) {
  const form = page.getByTestId("invite-user-form");
  await form.getByLabel("Adresse courriel").fill(person.email);
  await form.getByLabel("Prénom").fill(person.firstName);
  await form.getByLabel("Nom", { exact: true }).fill(person.lastName);
  await form.getByLabel("Rôle").selectOption({ label: person.role });
  await form.getByRole("button", { name: "Envoyer l'invitation" }).click();
  // The action, then the page refresh: slow on a shared machine (seen: still "Envoi…" after 10 s).
  await expect(page.getByTestId("invite-status")).toContainText(`Invitation envoyée à ${person.email}`, {
    timeout: 60_000,
  });
}

/** The invitation link of the kept email (no SMTP in e2e), read from the Courriels log's preview. */
export async function invitationLinkOf(page: Page, email: string): Promise<string> {
  await page.goto("/admin/courriels");
  const row = page.getByTestId("email-log").getByRole("listitem").filter({ hasText: email });
  await expect(async () => {
    await page.reload();
    await expect(row.first()).toContainText("Conservé (non envoyé)", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await row
    .first()
    .getByRole("link", { name: /Aperçu/ })
    .click();
  const frame = page.frameLocator('iframe[title="Version HTML du courriel"]');
  const href = await frame.getByRole("link", { name: "Choisir mon mot de passe" }).getAttribute("href");
  expect(href).toMatch(/\/invitation\?token=/);
  return href ?? "";
}

/** The account's row on /admin/utilisateurs, found through the search. */
export async function findAccountRow(page: Page, email: string) {
  await page.goto(`/admin/utilisateurs?q=${encodeURIComponent(email)}`);
  const row = page.getByTestId("user-row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  return row;
}
