import { type Browser, expect, type Page, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoAxeViolations } from "./support/axe";
import { makeFirstResponseLate, ticketIdOf } from "./support/sla";
import { createTicket, runId, signIn } from "./support/tickets";

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("an admin finds a late request with the « En retard » filter, sees its badge, and the student sees no SLA", async ({
  browser,
}) => {
  test.slow();
  const run = runId();
  const subject = `Séance introuvable ${run}`;
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const path = await createTicket(student, {
    subject,
    category: "Soutien technique",
    description: "Ma séance de mardi n'apparaît plus dans mon calendrier.",
  });
  await makeFirstResponseLate(ticketIdOf(path), 125);

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto("/admin/demandes");
  // The demo's and other tests' late requests come first (late for longer): search this one.
  await admin.getByLabel("Rechercher").fill(run);
  await admin.getByLabel("Échéance").selectOption({ label: "En retard" });
  await admin.getByLabel("Trier par").selectOption({ label: "Échéance la plus proche" });
  await admin.getByRole("button", { name: "Filtrer" }).click();
  await expect(admin).toHaveURL(/[?&]sla=late/);
  await expect(admin).toHaveURL(/[?&]sort=due_soonest/);
  const row = admin.getByTestId("admin-ticket-row").filter({ hasText: subject });
  await expect(row.getByTestId("sla-badge")).toContainText("En retard de 2 h");
  // Only late requests are listed.
  const states = await admin
    .getByTestId("admin-ticket-row")
    .getByTestId("sla-badge")
    .evaluateAll((badges) => badges.map((badge) => badge.getAttribute("data-sla")));
  expect(states.length).toBeGreaterThan(0);
  expect(new Set(states)).toEqual(new Set(["late"]));
  await expectNoAxeViolations(admin, "main");

  await admin.getByLabel("Échéance").selectOption({ label: "Échéance proche" });
  await admin.getByRole("button", { name: "Filtrer" }).click();
  await expect(admin).toHaveURL(/[?&]sla=due_soon/);
  await expect(admin.getByTestId("admin-ticket-row").filter({ hasText: subject })).toHaveCount(0);

  await admin.goto(`/admin/demandes/${ticketIdOf(path)}`);
  await expect(admin.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(admin.getByTestId("sla-badge")).toContainText("En retard de 2 h");
  await expect(admin.getByTestId("sla-clocks")).toContainText("Première réponse");
  await expectNoAxeViolations(admin, "main");

  await student.goto(path);
  await expect(student.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(student.getByTestId("sla-badge")).toHaveCount(0);
  await expect(student.getByRole("main")).not.toContainText(/retard|échéance/i);
});

test("an admin edits a priority's durations and a closed day on the SLA page", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email);
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "SLA" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Délais de service (SLA)" })).toBeVisible();
  const urgent = page.getByRole("form", { name: "Urgente" });
  await urgent.getByLabel("Première réponse (min)").fill("45");
  await urgent.getByRole("button", { name: "Enregistrer" }).click();
  await expect(urgent.getByRole("status")).toHaveText("Délais enregistrés.");
  await page.reload();
  await expect(page.getByRole("form", { name: "Urgente" }).getByLabel("Première réponse (min)")).toHaveValue("45");
  await expectNoAxeViolations(page, "main");
});
