import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../src/server/db/seed/demo-accounts";

test("on a phone, a student signs in and the page fits the screen", async ({ page }) => {
  const student = DEMO_ACCOUNTS.find((a) => a.role === "student");
  if (!student) throw new Error("no demo student");
  await page.goto("/connexion");
  await page.getByLabel("Adresse courriel").fill(student.email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mes demandes de soutien" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
