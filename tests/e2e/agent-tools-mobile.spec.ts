import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoAxeViolations } from "./support/axe";
import { createTicket, horizontalOverflow, runId, signIn } from "./support/tickets";

// Issue 15 on a phone (the phone project runs *mobile.spec.ts), 375 px wide.
test.use({ viewport: { width: 375, height: 812 } });

test("on a phone, an admin inserts a canned reply with / and sends it; the rules page fits", async ({ browser }) => {
  test.slow();
  const run = runId();
  const adminContext = await browser.newContext({ viewport: { width: 375, height: 812 } });
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO_ADMIN.email);
  await admin.goto("/admin/reponses-types");
  const form = admin.getByTestId("canned-reply-form").first();
  await form.getByLabel("Titre").fill(`Mobile ${run}`);
  await form.getByLabel("Texte en français").fill(`Bonjour {{student.first_name}} (${run})`);
  await form.getByLabel("Texte en anglais").fill(`Hi {{student.first_name}} (${run})`);
  await form.getByRole("button", { name: "Ajouter la réponse" }).click();
  await expect(admin.getByTestId("canned-reply-row").filter({ hasText: `Mobile ${run}` })).toBeVisible();
  expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(admin);

  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();
  await signIn(student, DEMO_STUDENT.email);
  const path = await createTicket(student, {
    subject: `Depuis un téléphone ${run}`,
    category: "Autre",
    description: "Bonjour, une petite question depuis mon téléphone, merci.",
  });

  await admin.goto(path.replace("/etudiant/", "/admin/"));
  const box = admin.getByLabel("Votre message");
  await box.click();
  await box.press("/");
  const picker = admin.getByTestId("canned-reply-picker");
  await expect(picker).toBeVisible();
  const rect = await picker.boundingBox();
  expect(rect && rect.x >= 0 && rect.x + rect.width <= 375).toBe(true);
  await admin.keyboard.type(`Mobile ${run}`);
  await admin.keyboard.press("Enter");
  await expect(box).toHaveValue(`Bonjour ${DEMO_STUDENT.firstName} (${run})`);
  await admin.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(admin.getByText("Votre réponse a été envoyée.")).toBeVisible();
  expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);

  await admin.goto("/admin/attribution");
  await expect(admin.getByRole("heading", { level: 1, name: "Attribution automatique" })).toBeVisible();
  expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(admin);
});
