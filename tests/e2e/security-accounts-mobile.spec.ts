import { expect, test } from "@playwright/test";
import { DEMO_ADMIN } from "../../src/server/db/seed/demo-accounts";
import { findAccountRow, invitePerson } from "./support/accounts";
import { expectNoAxeViolations } from "./support/axe";
import { horizontalOverflow, runId, signIn } from "./support/tickets";

// The accounts page on a 375 px phone: invite and deactivate without sideways scrolling.
test.use({ viewport: { width: 375, height: 740 } });

test("on a phone, an admin invites a person and deactivates the account", async ({ page }) => {
  test.setTimeout(240_000);
  const email = `mobile-${runId()}@exemple.test`;
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/utilisateurs");
  await expect(page.getByRole("heading", { level: 1, name: "Comptes" })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);

  await invitePerson(page, { email, firstName: "Maya", lastName: "Mobile", role: "Élève" });
  const account = await findAccountRow(page, email);
  await expect(account.getByTestId("user-status")).toHaveText("Invitation envoyée");
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

  await account.getByRole("button", { name: "Désactiver le compte de Maya Mobile" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Désactiver" }).click();
  await expect(account.getByTestId("user-status")).toHaveText("Désactivé");
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
});
