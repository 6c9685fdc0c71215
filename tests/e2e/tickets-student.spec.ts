import { expect, test } from "@playwright/test";
import { DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { runId, samplePdf, signIn } from "./support/tickets";

test("a student creates a request with a file, finds it, replies, closes it and can no longer reply", async ({
  page,
}) => {
  test.slow(); // the whole life of a request
  const run = runId();
  const subject = `Reçu de paiement introuvable ${run}`;
  await signIn(page, DEMO_STUDENT.email);
  await expect(page.getByRole("heading", { level: 1, name: "Mes demandes de soutien" })).toBeVisible();

  await page.getByRole("link", { name: "Nouvelle demande" }).first().click();
  await expect(page).toHaveURL(/\/etudiant\/demandes\/nouvelle$/);
  await expect(page.getByRole("heading", { level: 1, name: "Nouvelle demande de soutien" })).toBeVisible();

  // Nothing filled: the browser says what the server would, under each field, and focuses the first.
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(page.getByText("Le sujet est obligatoire.")).toBeVisible();
  await expect(page.getByText("Choisissez une catégorie.")).toBeVisible();
  await expect(page.getByText("La description est obligatoire.")).toBeVisible();
  await expect(page.getByLabel("Sujet")).toBeFocused();

  // Too short: the message changes, what was typed stays.
  await page.getByLabel("Sujet").fill("Reçu");
  await page.getByLabel("Description", { exact: true }).fill("Trop court");
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(page.getByText("Le sujet doit contenir au moins 5 caractères.")).toBeVisible();
  await expect(page.getByLabel("Sujet")).toHaveValue("Reçu");
  await expect(page.getByLabel("Description", { exact: true })).toHaveValue("Trop court");

  await page.getByLabel("Sujet").fill(subject);
  await page.getByLabel("Catégorie").selectOption({ label: "Paiement" });
  await page
    .getByLabel("Description", { exact: true })
    .fill("J'ai payé le forfait de 10 séances hier mais je ne trouve pas le reçu dans mon compte.");
  // Linked appointment and order: the student's own, listed with their details.
  const order = page.getByLabel("Commande");
  await expect(order.locator("option")).not.toHaveCount(1);
  await order.selectOption({ index: 1 });
  const orderLabel = (await order.locator("option:checked").textContent()) ?? "";
  expect(orderLabel).toMatch(/\$/);
  await page.locator('input[type="file"]').setInputFiles(samplePdf("recu-paiement.pdf"));
  await expect(page.getByText("recu-paiement.pdf")).toBeVisible();
  await page.getByRole("button", { name: "Envoyer la demande" }).click();

  await expect(page).toHaveURL(/\/etudiant\/demandes\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByTestId("ticket-created")).toContainText(/Votre demande n° \d+ a été envoyée/);
  await expect(page.getByTestId("status-badge").first()).toHaveText("Ouverte");
  await expect(page.getByRole("link", { name: /recu-paiement\.pdf/ })).toBeVisible();
  await expect(page.getByTestId("ticket-context")).toContainText(orderLabel.split(" · ")[0] ?? "");
  const ticketUrl = page.url();

  // In the list, with its status, category and assignment status; the status tabs filter it.
  await page.getByRole("link", { name: "Retour à mes demandes" }).click();
  const row = page.getByTestId("student-ticket").filter({ hasText: subject });
  await expect(row).toContainText("Ouverte");
  await expect(row).toContainText("Paiement");
  await expect(row).toContainText("En attente d'attribution");
  await page.getByTestId("status-tab-closed").click();
  await expect(page).toHaveURL(/[?&]status=closed/);
  await expect(page.getByTestId("status-tab-closed")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("student-ticket").filter({ hasText: subject })).toHaveCount(0);
  await page.getByTestId("status-tab-open").click();
  await expect(page).toHaveURL(/[?&]status=open/);
  await page.getByTestId("student-ticket").filter({ hasText: subject }).getByRole("link").click();
  await expect(page).toHaveURL(ticketUrl);

  // A reply, with a file.
  await page.getByLabel("Votre message").fill("Voici aussi la capture de mon relevé bancaire.");
  await page.locator('[data-testid="reply-form"] input[type="file"]').setInputFiles(samplePdf("releve.pdf"));
  await page.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Votre réponse a été envoyée." })).toBeVisible();
  const reply = page.getByTestId("thread-message").filter({ hasText: "Voici aussi la capture" });
  await expect(reply).toContainText("Vous");
  await expect(reply.getByRole("link", { name: /releve\.pdf/ })).toBeVisible();
  await expect(page.getByLabel("Votre message")).toHaveValue("");

  // Closing asks first; Escape keeps the request open.
  await page.getByRole("button", { name: "Fermer la demande" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Fermer cette demande?" });
  await expect(dialog).toContainText("ne peut pas être rouverte");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Fermer la demande" })).toBeFocused();
  await page.getByRole("button", { name: "Fermer la demande" }).click();
  await dialog.getByRole("button", { name: "Oui, fermer la demande" }).click();

  await expect(page.getByTestId("status-badge").first()).toHaveText("Fermée");
  await expect(page.getByTestId("ticket-state")).toBeFocused();
  await expect(page.getByTestId("ticket-state")).toContainText("ne peut pas être rouverte");
  await expect(page.getByTestId("reply-form")).toHaveCount(0);
  await expect(page.getByTestId("reply-closed")).toContainText("Vous ne pouvez plus répondre");
  await expect(page.getByRole("button", { name: "Fermer la demande" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("reply-form")).toHaveCount(0);
});

test("the new-request form shows the server's answer under the field and keeps what was typed", async ({ page }) => {
  await signIn(page, DEMO_STUDENT.email);
  await page.goto("/etudiant/demandes/nouvelle");
  await page.getByLabel("Sujet").fill("Une question sur un fichier");
  await page.getByLabel("Catégorie").selectOption({ label: "Autre" });
  await page.getByLabel("Description", { exact: true }).fill("Le fichier joint n'est pas vraiment un PDF.");
  // Named .pdf, but not a PDF: only the server can tell, by reading the bytes.
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "faux.pdf", mimeType: "application/pdf", buffer: Buffer.from("pas un pdf") });
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: /faux\.pdf|type/ })
      .first(),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/etudiant\/demandes\/nouvelle$/);
  await expect(page.getByLabel("Sujet")).toHaveValue("Une question sur un fichier");
  await expect(page.getByLabel("Description", { exact: true })).toHaveValue(
    "Le fichier joint n'est pas vraiment un PDF.",
  );
});

test("another student's request, or a made-up one, is a missing page", async ({ page }) => {
  await signIn(page, DEMO_STUDENT.email);
  const response = await page.goto("/etudiant/demandes/00000000-0000-4000-8000-000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
});
