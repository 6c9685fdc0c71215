import { expect, type Page, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_PASSWORD } from "../../src/server/db/seed/demo-accounts";
import { waitForHydration } from "./support/tickets";

// The e2e server runs without MAKE_TICKET_WEBHOOK_URL: events are recorded, never sent.

async function signInAsAdmin(page: Page) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse courriel").fill(DEMO_ADMIN.email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

test("an admin opens the webhook log, sends a test event and reads what would be sent", async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole("link", { name: /Journal des webhooks/ }).click();

  await expect(page).toHaveURL(/\/admin\/webhooks$/);
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks Make.com" })).toBeVisible();
  const endpoint = page.getByTestId("webhook-endpoint");
  await expect(endpoint.getByRole("heading", { name: "Aucun point de terminaison configuré" })).toBeVisible();
  await expect(endpoint.getByText("MAKE_TICKET_WEBHOOK_URL", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Envoyer un événement de test" }).click();
  await expect(page.getByTestId("webhook-log-status")).toHaveText(
    "Événement de test enregistré, mais non envoyé : aucun point de terminaison n'est configuré.",
  );
  const row = page.getByTestId("webhook-delivery-row").filter({ hasText: "webhook.test" }).first();
  await expect(row).toContainText("Événement de test");
  await expect(row).toContainText("Non envoyé : aucun point de terminaison");

  // Filters live in the address: they survive a reload.
  await page.getByLabel("Type d'événement").selectOption("webhook.test");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/[?&]type=webhook\.test/);
  await page.reload();
  await expect(page.getByLabel("Type d'événement")).toHaveValue("webhook.test");
  const rows = page.getByTestId("webhook-delivery-row");
  await expect(rows.first()).toContainText("webhook.test");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("webhook.test");

  await rows
    .first()
    .getByRole("link", { name: /Détails/ })
    .click();
  await expect(page).toHaveURL(/\/admin\/webhooks\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Détails de l'envoi" })).toBeVisible();
  const payload = page.getByTestId("webhook-payload");
  await expect(payload).toContainText('"type": "webhook.test"');
  await expect(payload).toContainText(`"sent_by_email": "${DEMO_ADMIN.email}"`);
  const eventId = await page.getByTestId("webhook-event-id").textContent();
  await expect(payload).toContainText(`"event_id": "${eventId}"`);
  await expect(page.getByText("Aucun essai pour l'instant.")).toBeVisible();

  // Without an endpoint there is nothing to retry (issue 17): no "Réessayer" that would only
  // put it back in the queue to fail again.
  await expect(page.getByRole("button", { name: "Réessayer" })).toHaveCount(0);
});

test("on a phone, the webhook log shows cards and fits the screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsAdmin(page);
  await page.goto("/admin/webhooks");
  await page.getByRole("button", { name: "Envoyer un événement de test" }).click();
  const card = page.getByTestId("webhook-delivery-card").first();
  await expect(card).toContainText("Non envoyé : aucun point de terminaison");
  await expect(page.getByTestId("webhook-delivery-row").first()).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await card.getByRole("link", { name: /Détails/ }).click();
  await expect(page.getByTestId("webhook-payload")).toContainText('"type": "webhook.test"');
  const detailsOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(detailsOverflow).toBeLessThanOrEqual(0);
});

test("the log pages by 20 with “Charger plus”, and offers no “Réessayer tous les échecs” without an endpoint", async ({
  page,
}) => {
  // 21 test events, each sent and the log refreshed in turn: seconds each on a busy machine.
  test.slow();
  await signInAsAdmin(page);
  await page.goto("/admin/webhooks");
  const send = page.getByRole("button", { name: "Envoyer un événement de test" });
  const status = page.getByTestId("webhook-log-status");
  for (let index = 0; index < 21; index++) {
    await send.click();
    await expect(status).toContainText("Événement de test enregistré");
    await expect(send).toBeEnabled();
  }
  // From the top: a page reloaded while scrolled to its end loads the next page by itself.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.reload();
  const rows = page.getByTestId("webhook-delivery-row");
  await expect(rows).toHaveCount(20);

  const loadMore = page.getByRole("button", { name: "Charger plus" });
  await waitForHydration(loadMore);
  await loadMore.click();
  await expect(status).toContainText(/\d+ envois? de plus affichés?\./);
  expect(await rows.count()).toBeGreaterThan(20);
  // Focus moves to the first row that was added, not back to the top of the page.
  await expect(page.locator(":focus")).toHaveText(/^Détails/);
  const ids = await page.getByTestId("webhook-delivery-row").locator("td:first-child .font-mono").allTextContents();
  expect(new Set(ids).size).toBe(ids.length);

  // Nothing can be sent without an endpoint (issue 17): no retry that would only fail again.
  await expect(page.getByRole("button", { name: "Réessayer tous les échecs" })).toHaveCount(0);
});
