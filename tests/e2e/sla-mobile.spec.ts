import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoAxeViolations } from "./support/axe";
import { makeFirstResponseLate, ticketIdOf } from "./support/sla";
import { createTicket, horizontalOverflow, runId, signIn } from "./support/tickets";

// The phone project runs this file (its name ends in mobile.spec.ts), at 375 px.
test.use({ viewport: { width: 375, height: 812 } });

test("on a phone, the late filter lists the request as a card with its SLA badge", async ({ browser }) => {
  test.slow();
  const run = runId();
  const subject = `Facture en double ${run}`;
  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();
  await signIn(student, DEMO_STUDENT.email);
  const path = await createTicket(student, {
    subject,
    category: "Soutien technique",
    description: "J'ai reçu deux factures pour la même séance de février.",
  });
  await makeFirstResponseLate(ticketIdOf(path), 30);
  await studentContext.close();

  const adminContext = await browser.newContext({ viewport: { width: 375, height: 812 } });
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO_ADMIN.email);
  // The demo's and other tests' late requests come first (late for longer): search this one.
  await admin.goto(`/admin/demandes?sla=late&sort=due_soonest&q=${run}`);
  // One responsive row: a card on a phone (no table header row is drawn).
  const card = admin.getByTestId("admin-ticket-row").filter({ hasText: subject });
  await expect(card.getByTestId("sla-badge")).toContainText(/En retard de 3\d min/);
  expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(admin, "main");
});
