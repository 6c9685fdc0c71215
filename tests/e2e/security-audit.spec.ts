import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { signIn } from "./support/tickets";

// Issue 12: request ids on every answer, the admins' security log (/admin/securite), and server
// action requests that Next.js would have answered with a 500.

test("the security log: in the admin nav, newest sign-in first, filtered by type, in English too", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email);
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Sécurité" }).click();
  await expect(page).toHaveURL(/\/admin\/securite$/);
  await expect(page.getByRole("heading", { level: 1, name: "Journal de sécurité" })).toBeVisible();
  const events = page.getByTestId("audit-events");
  await expect(events.getByText("Connexion réussie").first()).toBeVisible();
  await expect(events.getByText(DEMO_ADMIN.email).first()).toBeVisible();

  await page.getByLabel("Type d'événement").selectOption("signed_out");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/type=signed_out/);
  await expect(events.getByText("Connexion réussie")).toHaveCount(0);

  const english = await page.goto("/en/admin/securite");
  expect(english?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Security log" })).toBeVisible();
});

test("a student cannot open the security log", async ({ page }) => {
  await signIn(page, DEMO_STUDENT.email);
  await page.goto("/admin/securite");
  await expect(page.getByRole("heading", { level: 1, name: "Journal de sécurité" })).toHaveCount(0);
});

test("every answer carries a request id; malformed and foreign server actions answer 4xx, not 500", async ({
  page,
  request,
  baseURL,
}) => {
  const response = await page.goto("/connexion");
  expect(response?.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const api = await request.get("/api/attachments/pas-un-id");
  expect(api.status()).toBe(401);
  expect(api.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

  const post = (action: string, origin = baseURL ?? "") =>
    request.post("/connexion", {
      headers: { "next-action": action, origin, "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
    });
  expect((await post("pas-une-action")).status()).toBe(400);
  expect((await post("7f31d7ab2caffa34433743f5d0456e45fb8a16bb19", "http://evil.example")).status()).toBe(403);
  const unknown = await post("0123456789abcdef0123456789abcdef01234567ab");
  expect(unknown.status()).toBeGreaterThanOrEqual(400);
  expect(unknown.status()).toBeLessThan(500);
});
