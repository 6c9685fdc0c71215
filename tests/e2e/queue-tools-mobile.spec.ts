import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoSeriousAxeViolations } from "./support/axe";
import { saveScreenshot } from "./support/screenshots";
import { createTicket, horizontalOverflow, runId, signIn } from "./support/tickets";

const ADMIN_NAME = `${DEMO_ADMIN.firstName} ${DEMO_ADMIN.lastName}`;

test("on a phone, an admin selects rows and bulk-assigns them; the one list fits the screen", async ({ browser }) => {
  test.slow();
  const run = runId();
  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();
  await signIn(student, DEMO_STUDENT.email);
  for (const n of [1, 2, 3]) {
    await createTicket(student, {
      subject: `Cellulaire ${run} n${n}`,
      category: "Réservations",
      description: "Bonjour, voici les détails de ma demande pour l'équipe.",
    });
  }
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO_ADMIN.email);
  await admin.goto(`/admin/demandes?q=${run}`);
  const rows = admin.getByTestId("admin-ticket-row");
  await expect(rows).toHaveCount(3);
  expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
  await expectNoSeriousAxeViolations(admin);

  for (const n of [1, 2, 3]) {
    await rows
      .filter({ hasText: `Cellulaire ${run} n${n}` })
      .getByTestId("row-select")
      .check();
  }
  const bulk = admin.getByTestId("bulk-actions");
  await expect(bulk.getByTestId("bulk-selected-count")).toHaveText("3 demandes sélectionnées.");
  await bulk.getByLabel("Attribuer à").selectOption({ label: ADMIN_NAME });
  await bulk.getByRole("button", { name: "Appliquer" }).click();
  await expect(bulk.getByTestId("bulk-notice")).toHaveText("Terminé : 3 demandes traitées, 0 refusée.");
  for (const text of await rows.allInnerTexts()) expect(text).toContain(ADMIN_NAME);
  expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);

  // Quick actions, their button above the card's link: a reply from the row (issue 17).
  const first = rows.filter({ hasText: `Cellulaire ${run} n1` });
  await expect(first.getByTestId("new-request-badge")).toBeVisible();
  await first.getByTestId("row-actions").click();
  const panel = admin.getByTestId("row-actions-panel");
  await expect(panel.getByTestId("row-reply-context")).toContainText("Bonjour, voici les détails de ma demande");
  await panel.getByLabel("Réponse à l'élève").fill("Bonjour, c'est noté.");
  expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
  await expectNoSeriousAxeViolations(admin);
  await saveScreenshot(admin, test.info(), "admin-list-quick-reply-phone-fr-CA");
  await panel.getByRole("button", { name: "Envoyer" }).click();
  await expect(admin.getByTestId("row-actions-status")).toContainText("Réponse envoyée");
  await expect(first.getByTestId("new-request-badge")).toHaveCount(0);
  await expect(first).toContainText("1 message");

  // A row still opens its ticket.
  await rows.first().getByRole("link").first().click();
  await expect(admin).toHaveURL(/\/admin\/demandes\/[0-9a-f-]{36}$/);
});
