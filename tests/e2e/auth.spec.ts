import { expect, type Page, test } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../src/server/db/seed/demo-accounts";

function account(role: "student" | "tutor" | "admin") {
  const found = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!found) throw new Error(`no demo ${role}`);
  return found;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse courriel").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

test("the sign-in page is in French by default", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr-CA");
});

test("a student signs in, lands on their requests, and signs out", async ({ page }) => {
  const student = account("student");
  await signIn(page, student.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/etudiant$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mes demandes de soutien" })).toBeVisible();
  await expect(page.getByTestId("student-ticket").first()).toBeVisible();
  // A student never sees priorities.
  await expect(page.getByText("Urgente")).toHaveCount(0);

  // A student who types the admin address is sent back to their own home.
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/etudiant$/);

  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion\?deconnexion=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Vous êtes déconnecté." })).toBeVisible();
  await page.goto("/etudiant");
  await expect(page).toHaveURL(/\/connexion$/);
});

test("an admin signs in and sees the support dashboard", async ({ page }) => {
  const admin = account("admin");
  await signIn(page, admin.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tableau de bord du soutien" })).toBeVisible();
  await expect(page.getByTestId("count-open")).toContainText(/\d+/);
  await expect(page.getByTestId("admin-ticket").first()).toBeVisible();
});

test("a tutor signs in and lands on the tutor space", async ({ page }) => {
  const tutor = account("tutor");
  await signIn(page, tutor.email, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/tuteur$/);
  await expect(page.getByRole("heading", { level: 1, name: "Espace tuteur" })).toBeVisible();
});

test("a wrong password shows a French error and keeps the email", async ({ page }) => {
  const student = account("student");
  await signIn(page, student.email, "pas-le-bon-mot-de-passe");
  // Next.js has its own (empty) role=alert route announcer: look inside the form.
  await expect(page.locator("form").getByRole("alert")).toHaveText("Courriel ou mot de passe incorrect.");
  await expect(page.getByLabel("Adresse courriel")).toHaveValue(student.email);
  await expect(page).toHaveURL(/\/connexion$/);
});

test("an invalid email is refused with a field message", async ({ page }) => {
  await signIn(page, "pas-une-adresse", "quelquechose");
  await expect(page.getByText("Entrez une adresse courriel valide.")).toBeVisible();
});

test("the English version is one click away", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en\/connexion$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});
