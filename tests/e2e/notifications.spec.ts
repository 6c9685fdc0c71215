import { readFileSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { DEMO_ACCOUNTS, DEMO_ADMIN } from "../../src/server/db/seed/demo-accounts";
import { createTicket, runId, signIn } from "./support/tickets";

// Issue 13 and 14 in the browser: an English student's email, kept by the e2e server (no
// SMTP_URL) and read in the Courriels log, unsubscribed from signed out through its own link;
// and the header's bell receiving a notification live, then cleared.

const ENGLISH_STUDENT = DEMO_ACCOUNTS[5]; // Noah: switched to English for the first test only
const BELL_STUDENT = DEMO_ACCOUNTS[6]; // Chloé: no other browser test writes to her

/** The e2e server's own database (embedded, DATA_DIR=.data/e2e), to set a user's language. */
async function withE2eDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const password = readFileSync(".data/e2e/postgres.password", "utf8").trim();
  const port = process.env.E2E_PG_PORT ?? "54349";
  const client = new pg.Client({
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/support_tickets`,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const setLocale = (email: string, locale: string) =>
  withE2eDatabase((client) => client.query("update users set locale = $1 where email = $2", [locale, email]));

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("an English student's kept notification email, and its unsubscribe link used signed out", async ({ page }) => {
  await setLocale(ENGLISH_STUDENT.email, "en");
  try {
    const subject = `English email ${runId()}`;
    await signIn(page, ENGLISH_STUDENT.email);
    await createTicket(page, {
      subject,
      category: "Soutien technique",
      description: "Hello, my session link does not open tonight.",
    });
    await page.context().clearCookies();

    await signIn(page, DEMO_ADMIN.email);
    const filtered = `/admin/courriels?type=request_received&recipient=${encodeURIComponent(ENGLISH_STUDENT.email)}`;
    await page.goto(filtered);
    await expect(page.getByLabel("Type")).toHaveValue("request_received");
    const rows = page.getByTestId("email-log").getByRole("listitem");
    // The log is drawn on the server: reload until the worker has rendered and kept the email.
    await expect(async () => {
      await page.reload();
      await expect(rows.first()).toContainText("Conservé (non envoyé)", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    // The filter holds: only this student's acknowledgements.
    for (const text of await rows.allTextContents()) expect(text).toContain(ENGLISH_STUDENT.email);
    await rows
      .first()
      .getByRole("link", { name: /Aperçu/ })
      .click();
    await expect(page.getByTestId("email-subject")).toHaveText(/^\[Request #\d+\] We received your request$/);
    const frame = page.frameLocator('iframe[title="Version HTML du courriel"]');
    await expect(frame.getByText("Your request was sent to the support team")).toBeVisible();
    const unsubscribe = frame.getByRole("link", { name: "Stop receiving: acknowledgements of my requests" });
    const href = await unsubscribe.getAttribute("href");
    expect(href).toMatch(/\/en\/desabonnement\?token=/);
    await page.context().clearCookies();

    // Signed out, as from the mail client.
    await page.goto(href ?? "");
    await expect(page.getByText("Stop receiving this type of email?")).toBeVisible();
    await page.getByRole("button", { name: "Unsubscribe me" }).click();
    await expect(page.getByText("Done: you will no longer receive this type of email.")).toBeVisible();

    // The English page left its locale cookie: back to the browser's French for the rest.
    await page.context().clearCookies();
    await signIn(page, ENGLISH_STUDENT.email);
    await page.goto("/preferences");
    const acknowledgements = page.getByRole("checkbox", { name: "Par courriel : Accusé de réception de mes demandes" });
    await expect(acknowledgements).not.toBeChecked();
    await acknowledgements.check();
    await expect(page.getByTestId("preferences-status")).toHaveText("Préférence enregistrée.");
  } finally {
    await setLocale(ENGLISH_STUDENT.email, "fr-CA");
  }
});

test("the bell receives a support reply live, lists it with its link, and clears", async ({ browser }) => {
  const run = runId();
  const student = await signedInPage(browser, BELL_STUDENT.email);
  const ticketPath = await createTicket(student, {
    subject: `Cloche ${run}`,
    category: "Réservations",
    description: "Je n'arrive pas à réserver ma séance de jeudi, merci de m'aider.",
  });
  const ticketId = ticketPath.match(/[0-9a-f-]{36}/)?.[0] ?? "";
  const bell = student.getByTestId("notification-bell");
  // Start from nothing unread (earlier runs may have left some).
  await bell.click();
  const markAll = student.getByRole("button", { name: "Tout marquer comme lu" });
  if (await markAll.isEnabled()) await markAll.click();
  await expect(student.getByTestId("notification-count")).toHaveCount(0);
  await bell.click();
  const stream = student.waitForResponse((response) => new URL(response.url()).pathname === "/api/live");
  await student.goto("/etudiant");
  await stream;

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto(`/admin/demandes/${ticketId}`);
  await admin.getByLabel("Votre message").fill(`Bonjour, voici la marche à suivre ${run}.`);
  await admin.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(admin.getByTestId("reply-form").getByRole("status")).toHaveText("Votre réponse a été envoyée.");

  // Live, without a reload: the count, and an announcement in a polite live region.
  await expect(student.getByTestId("notification-count")).toHaveText("1", { timeout: 5_000 });
  await expect(bell).toHaveAccessibleName(/Notifications \(1 non lue\)/);
  await bell.click();
  const entry = student.getByTestId("notification-list").getByRole("link", { name: /Nouvelle réponse du soutien/ });
  await expect(entry).toHaveAttribute("href", ticketPath);
  await expect(student.getByTestId("notification-list")).toContainText(`Cloche ${run}`);
  await expect(student.getByTestId("notification-list")).not.toContainText(DEMO_ADMIN.lastName);
  await student.getByRole("button", { name: "Tout marquer comme lu" }).click();
  await expect(student.getByTestId("notification-count")).toHaveCount(0);
  await student.keyboard.press("Escape");
  await expect(student.locator("#notification-panel")).toHaveCount(0);
  await expect(bell).toBeFocused();
});
