import { expect, test } from "@playwright/test";
import { DEMO_ADMIN } from "../../src/server/db/seed/demo-accounts";
import { expectNoAxeViolations } from "./support/axe";
import { horizontalOverflow, signIn } from "./support/tickets";

test("on a phone, the analytics page fits the screen and its tables open", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/analytique");
  await expect(page.getByRole("heading", { level: 1, name: "Analytique" })).toBeVisible();
  await expect(
    page.getByTestId("chart-created-resolved").locator(".recharts-wrapper > svg.recharts-surface"),
  ).toBeVisible();
  await page.getByTestId("backlog-table").getByText("Voir les données en tableau").click();
  await expect(page.getByTestId("backlog-table").getByRole("table")).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
});
