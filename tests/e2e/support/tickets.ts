import { expect, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../../src/server/db/seed/demo-accounts";

/** A short token unique to this run, so subjects never collide with earlier runs or the demo data. */
export const runId = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

export async function signIn(page: Page, email: string) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse courriel").fill(email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).not.toHaveURL(/\/connexion$/);
}

/** A tiny but real PDF (the server reads the bytes, not the name). */
export const samplePdf = (name = "recu.pdf") => ({
  name,
  mimeType: "application/pdf",
  buffer: Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  ),
});

export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Fills and sends the new-request form; returns the new ticket's address. */
export async function createTicket(
  page: Page,
  ticket: { subject: string; category: string; description: string; file?: ReturnType<typeof samplePdf> },
) {
  await page.goto("/etudiant/demandes/nouvelle");
  await page.getByLabel("Sujet").fill(ticket.subject);
  await page.getByLabel("Catégorie").selectOption({ label: ticket.category });
  await page.getByLabel("Description", { exact: true }).fill(ticket.description);
  if (ticket.file) await page.locator('input[type="file"]').setInputFiles(ticket.file);
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(page).toHaveURL(/\/etudiant\/demandes\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 1, name: ticket.subject })).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * Waits until React has hydrated `element` (it keeps its fiber on the DOM node): a click on a
 * server-rendered button before then does nothing, and a list whose page was scrolled by that
 * click loads its next page by itself once hydrated, without moving focus.
 */
export async function waitForHydration(element: Locator): Promise<void> {
  await expect
    .poll(() => element.evaluate((node) => Object.keys(node).some((key) => key.startsWith("__reactFiber$"))))
    .toBe(true);
}
