import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { createTicket, horizontalOverflow, runId, samplePdf, signIn } from "./support/tickets";

// The phone project runs this file (Pixel 7); the width is the brief's 390 px.
test.use({ viewport: { width: 390, height: 844 } });

test("on a phone, a student writes, reads and closes a request without sideways scrolling", async ({ page }) => {
  test.slow();
  const run = runId();
  const subject = `Question depuis mon cellulaire ${run}`;
  await signIn(page, DEMO_STUDENT.email);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expect(page.getByTestId("status-tab-all")).toBeVisible();

  await page.getByRole("main").getByRole("link", { name: "Nouvelle demande" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nouvelle demande de soutien" })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

  await createTicket(page, {
    subject,
    category: "Soutien technique",
    description: "L'application se ferme quand j'ouvre le tableau blanc sur mon téléphone.",
    file: samplePdf("capture.pdf"),
  });
  await expect(page.getByRole("link", { name: /capture\.pdf/ })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

  await page.getByRole("button", { name: "Fermer la demande" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await dialog.getByRole("button", { name: "Annuler" }).click();
  await expect(dialog).toBeHidden();

  await page.goto("/etudiant");
  await expect(page.getByTestId("student-ticket").filter({ hasText: subject })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});

test("on a phone, an admin gets the list as cards, and the ticket's conversation comes before its controls", async ({
  page,
}) => {
  await signIn(page, DEMO_ADMIN.email);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Demandes" }).click();
  // One list for every width (issue 18): on a phone each row stacks as a card, no header row.
  const card = page.getByTestId("admin-ticket-row").first();
  await expect(card).toBeVisible();
  await expect(page.getByText("Sujet", { exact: true })).toBeHidden();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

  // The subject's link covers the card; the student's name (a second link, above it) opens their page.
  await card.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/admin\/demandes\/[0-9a-f-]{36}$/);
  const controls = page.getByTestId("ticket-controls");
  await expect(controls).toBeVisible();
  // Issue 17: on a phone the conversation is read first, the controls follow it.
  const controlsTop = (await controls.boundingBox())?.y ?? 0;
  const threadTop = (await page.getByTestId("thread").boundingBox())?.y ?? 0;
  expect(threadTop).toBeLessThan(controlsTop);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

  await page.goto("/admin/categories");
  await expect(page.getByTestId("category-row").first()).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});

test("on a 375 px phone, a row's student name opens the student's page, which fits the screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/demandes");
  const card = page.getByTestId("admin-ticket-row").first();
  const student = card.getByTestId("row-student");
  const name = (await student.textContent()) ?? "";
  // A real tap at the name's place: the card-wide link must not swallow it.
  await student.tap();
  await expect(page).toHaveURL(/\/admin\/eleves\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: `Élève : ${name}` })).toBeVisible();
  await expect(page.getByTestId("admin-ticket-row").first()).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});
