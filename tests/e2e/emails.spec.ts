import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { createTicket, runId, signIn } from "./support/tickets";

// The e2e server runs without SMTP_URL: every email is rendered and kept in the database, and
// the admin "Courriels" log shows it (issue 13).

test("a student switches an email type off on the preferences page, and it stays off", async ({ page }) => {
  await signIn(page, DEMO_STUDENT.email);
  await page.getByRole("link", { name: "Préférences" }).click();
  await expect(page).toHaveURL(/\/preferences$/);
  await expect(page.getByRole("heading", { level: 1, name: "Préférences de courriel" })).toBeVisible();
  // A student sees the student types only.
  await expect(page.getByLabel("Nouvelles demandes")).toHaveCount(0);
  const replies = page.getByRole("checkbox", { name: "Par courriel : Réponses du soutien" });
  await expect(replies).toBeChecked();
  await replies.uncheck();
  await expect(page.getByTestId("preferences-status")).toHaveText("Préférence enregistrée.");
  await page.reload();
  await expect(replies).not.toBeChecked();
  // The in-app switch of the same type is apart.
  await expect(page.getByRole("checkbox", { name: "Dans l’application : Réponses du soutien" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Par courriel : Demande résolue" })).toBeChecked();
  // Back on, so later runs start from the default.
  await replies.check();
  await expect(page.getByTestId("preferences-status")).toHaveText("Préférence enregistrée.");
});

test("an admin reads, in the Courriels log, the kept email of a new request with its rendered preview", async ({
  page,
}) => {
  const subject = `Courriel ${runId()} : lien de séance brisé`;
  await signIn(page, DEMO_STUDENT.email);
  const ticketPath = await createTicket(page, {
    subject,
    category: "Soutien technique",
    description: "Bonjour, le lien de ma séance de ce soir ne s'ouvre pas.",
  });
  const number = (
    await page
      .getByText(/n° \d+/)
      .first()
      .textContent()
  )?.match(/n° (\d+)/)?.[1];
  await page.context().clearCookies();

  await signIn(page, DEMO_ADMIN.email);
  await page.getByRole("link", { name: "Courriels" }).click();
  await expect(page).toHaveURL(/\/admin\/courriels$/);
  await expect(page.getByRole("heading", { level: 1, name: "Courriels" })).toBeVisible();
  await expect(page.getByText(/Aucun serveur SMTP n’est configuré/)).toBeVisible();
  const log = page.getByTestId("email-log");
  const row = log.getByRole("listitem").filter({ hasText: DEMO_ADMIN.email }).filter({ hasText: "Nouvelles demandes" });
  // The log is drawn on the server: reload until the worker has rendered and kept the email.
  await expect(async () => {
    await page.reload();
    await expect(row.first()).toContainText("Conservé (non envoyé)", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await row
    .first()
    .getByRole("link", { name: /Aperçu/ })
    .click();

  await expect(page).toHaveURL(/\/admin\/courriels\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("email-subject")).toContainText(`Nouvelle demande : ${subject}`);
  if (number) await expect(page.getByTestId("email-subject")).toContainText(`[Demande n° ${number}]`);
  const frame = page.frameLocator('iframe[title="Version HTML du courriel"]');
  await expect(frame.getByText("Un étudiant vient de créer une demande de soutien.")).toBeVisible();
  const button = frame.getByRole("link", { name: "Voir la demande" });
  await expect(button).toHaveAttribute(
    "href",
    new RegExp(`/connexion\\?retour=${encodeURIComponent(ticketPath.replace("/etudiant/", "/admin/"))}$`),
  );
  await expect(page.locator("iframe[sandbox]")).toHaveAttribute("sandbox", "");
});
