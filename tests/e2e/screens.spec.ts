import { type Browser, expect, type Page, type TestInfo, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT, DEMO_TUTOR } from "../../src/server/db/seed/demo-accounts";
import { expectNoSeriousAxeViolations } from "./support/axe";
import { saveScreenshot } from "./support/screenshots";
import { createTicket, runId, signIn } from "./support/tickets";

// Issue 17 on a desktop screen, fr-CA and en: the settings page, the support contact, the
// webhook log's retry, the ticket page (safe links, paragraphs, pasted screenshots, the linked
// appointment and order across the page, the auto-close date), and the polish items.

async function signedInPage(browser: Browser, email: string) {
  const context = await browser.newContext({ locale: "fr-CA", timezoneId: "America/Toronto" });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function clearWebhookUrl(page: Page) {
  // In English on purpose: the test ends on the English page (its locale cookie), and a later spec (the webhook
  // log) needs the shared e2e database without a stored endpoint. Fails loudly if it cannot clear.
  await page.goto("/en/admin/parametres");
  const clear = page.getByLabel("Remove the address (nothing is sent any more)");
  if ((await clear.count()) === 0) return;
  await clear.check();
  await page.getByRole("button", { name: "Save" }).first().click();
  await expect(page.getByTestId("webhook-settings-status")).toHaveText("Webhook settings saved.");
  await expect(page.getByLabel("Remove the address (nothing is sent any more)")).toHaveCount(0);
}

test("an admin sets the Make.com endpoint and the support contact in the app; tutors and the footer show the contact", async ({
  page,
  browser,
}, testInfo) => {
  await signIn(page, DEMO_ADMIN.email);
  await page
    .getByRole("navigation", { name: "Navigation principale" })
    .getByRole("link", { name: "Paramètres" })
    .click();
  await expect(page).toHaveURL(/\/admin\/parametres$/);
  await expect(page.getByRole("heading", { level: 1, name: "Paramètres" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, undefined, "all");

  try {
    const webhook = page.getByTestId("webhook-settings");
    await expect(webhook.getByTestId("webhook-setting-endpointUrl")).toContainText("Non défini");
    // A javascript: address is refused, in French, next to the field.
    await webhook.getByLabel("Adresse du webhook").fill("javascript:alert(1)");
    await webhook.getByRole("button", { name: "Enregistrer" }).click();
    await expect(webhook.getByText("Entrez une adresse http:// ou https:// valide")).toBeVisible();

    const secretUrl = `https://hook.example.invalid/${runId()}secretpath9876`;
    await webhook.getByLabel("Adresse du webhook").fill(secretUrl);
    await webhook.getByLabel("Clé API (x-make-apikey)").fill("cle-api-secrete-1234567890");
    await webhook.getByRole("button", { name: "Enregistrer" }).click();
    await expect(page.getByTestId("webhook-settings-status")).toHaveText("Paramètres du webhook enregistrés.");
    // Shown back as a hint only; the field is empty again.
    await expect(webhook.getByTestId("webhook-setting-endpointUrl")).toContainText(
      "Actuel : https://hook.example.invalid/…9876",
    );
    await expect(webhook.getByTestId("webhook-setting-apiKey")).toContainText("Actuel : …7890");
    await expect(webhook.getByLabel("Adresse du webhook")).toHaveValue("");
    expect(await page.content()).not.toContain(secretUrl);
    expect(await page.content()).not.toContain("cle-api-secrete-1234567890");

    // The log knows there is an endpoint now.
    await page.goto("/admin/webhooks");
    await expect(page.getByTestId("webhook-endpoint-url")).toHaveText("https://hook.example.invalid/…9876");

    // The support contact.
    await page.goto("/admin/parametres");
    const general = page.getByTestId("general-settings");
    await general.getByLabel("Courriel du soutien").fill("soutien@tutorat.example");
    await general.getByLabel("Téléphone du soutien").fill("514 555-0123 poste 2");
    await general.getByLabel("Heures d'ouverture").fill("Du lundi au vendredi, de 9 h à 17 h");
    await general.getByLabel("Jours avant la fermeture").fill("7");
    await general.getByRole("button", { name: "Enregistrer" }).click();
    await expect(page.getByTestId("general-settings-status")).toHaveText("Paramètres enregistrés.");
    await expect(page.getByTestId("footer-support-contact")).toContainText("soutien@tutorat.example");
    await saveScreenshot(page, testInfo, "admin-settings-fr-CA");

    const tutor = await signedInPage(browser, DEMO_TUTOR.email);
    const card = tutor.getByTestId("tutor-support-contact");
    await expect(card).toContainText("soutien@tutorat.example");
    await expect(card).toContainText("514 555-0123 poste 2");
    await expect(card.getByRole("link", { name: "soutien@tutorat.example" })).toHaveAttribute(
      "href",
      "mailto:soutien@tutorat.example",
    );
    await expect(tutor.getByTestId("footer-support-contact")).toContainText("Du lundi au vendredi");
    await expectNoSeriousAxeViolations(tutor, undefined, "all");
    await saveScreenshot(tutor, testInfo, "tutor-contact-fr-CA");
    await tutor.context().close();

    // In English, the same page.
    await page.goto("/en/admin/parametres");
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.getByTestId("webhook-setting-endpointUrl")).toContainText(
      "Current: https://hook.example.invalid/…9876",
    );
    await expectNoSeriousAxeViolations(page, undefined, "all");
    await saveScreenshot(page, testInfo, "admin-settings-en");
  } finally {
    await clearWebhookUrl(page);
  }
});

test("the webhook log offers no “Réessayer” without an endpoint, links ticket numbers, and keeps times on one line", async ({
  page,
}, testInfo) => {
  await signIn(page, DEMO_STUDENT.email);
  await createTicket(page, {
    subject: `Journal ${runId()}`,
    category: "Soutien technique",
    description: "Une demande pour voir son événement dans le journal des webhooks.",
  });
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion\?deconnexion=1$/);
  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/webhooks");
  const row = page.getByTestId("webhook-delivery-row").filter({ hasText: "ticket.created" }).first();
  await expect(row).toContainText("Non envoyé : aucun point de terminaison");
  await expect(row.getByRole("button", { name: /Réessayer/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Réessayer tous les échecs" })).toHaveCount(0);
  const ticketLink = row.getByRole("link", { name: /^n° \d+$/ });
  await expect(ticketLink).toHaveAttribute("href", /\/admin\/demandes\/[0-9a-f-]{36}$/);
  // The creation time stays on one line.
  const cell = row.locator("td").nth(6);
  const lines = await cell.evaluate((element) => {
    const first = element.firstChild;
    if (!first) return 0;
    const range = document.createRange();
    range.selectNodeContents(first);
    return range.getClientRects().length;
  });
  expect(lines).toBe(1);
  await expectNoSeriousAxeViolations(page, undefined, "all");
  await saveScreenshot(page, testInfo, "webhook-log-fr-CA");
  await ticketLink.click();
  await expect(page).toHaveURL(/\/admin\/demandes\/[0-9a-f-]{36}$/);
});

test("messages keep their paragraphs, links are safe, a pasted screenshot is attached, and a resolved ticket says when it closes", async ({
  page,
  browser,
}, testInfo) => {
  await signIn(page, DEMO_STUDENT.email);
  const subject = `Liens ${runId()}`;
  const path = await createTicket(page, {
    subject,
    category: "Soutien technique",
    description:
      "Premier paragraphe avec https://exemple.org/guide?x=1.\n\nDeuxième paragraphe : javascript:alert(1) et <b>gras</b>\nécrivez à aide@exemple.org",
  });
  const body = page.getByTestId("message-body").first();
  await expect(body.getByRole("link", { name: "https://exemple.org/guide?x=1" })).toHaveAttribute(
    "rel",
    "noopener noreferrer nofollow",
  );
  await expect(body.getByRole("link", { name: "aide@exemple.org" })).toHaveAttribute("href", "mailto:aide@exemple.org");
  await expect(body.getByRole("link")).toHaveCount(2);
  await expect(body).toContainText("<b>gras</b>");
  await expect(body.locator("b")).toHaveCount(0);
  expect(await body.evaluate((element) => getComputedStyle(element).whiteSpace)).toBe("pre-wrap");
  expect(await body.textContent()).toContain("\n\nDeuxième paragraphe");

  // A screenshot pasted in the reply box becomes an attachment.
  const box = page.getByLabel("Votre message");
  await box.fill("Voici une capture.");
  await box.evaluate((element) => {
    const bytes = Uint8Array.from(
      atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
      (c) => c.charCodeAt(0),
    );
    const data = new DataTransfer();
    data.items.add(new File([bytes], "image.png", { type: "image/png" }));
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByText(/^capture-.*\.png$/)).toBeVisible();
  await expect(box).toHaveValue("Voici une capture.");
  await page.getByRole("button", { name: "Envoyer la réponse" }).click();
  await expect(page.getByRole("link", { name: /capture-.*\.png/ })).toBeVisible();

  // An admin resolves it: the student reads the date it will close.
  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto(path.replace("/etudiant/demandes/", "/admin/demandes/"));
  const controls = admin.getByTestId("ticket-controls");
  await controls.getByLabel("Nouveau statut").selectOption("resolved");
  await controls.getByRole("button", { name: "Changer le statut" }).click();
  await expect(controls.getByRole("status")).toContainText("Résolue");
  await admin.context().close();

  await page.reload();
  const expected = new Intl.DateTimeFormat("fr-CA", { dateStyle: "long", timeZone: "America/Toronto" }).format(
    new Date(Date.now() + 7 * 24 * 3_600_000),
  );
  await expect(page.getByTestId("auto-close-notice")).toContainText(`sera fermée automatiquement le ${expected}`);
  await expectNoSeriousAxeViolations(page, undefined, "all");
  await saveScreenshot(page, testInfo, "student-ticket-fr-CA");

  await page.goto(`/en${path}`);
  await expect(page.getByTestId("auto-close-notice")).toContainText("will be closed automatically on");
  await saveScreenshot(page, testInfo, "student-ticket-en");
});

test("polish: the 404 page keeps the header, the icons are served, English categories lead in English, labels are unique", async ({
  page,
  request,
}, testInfo) => {
  for (const [path, type] of [
    ["/favicon.ico", /image\//],
    ["/icon.svg", /image\/svg\+xml/],
    ["/apple-icon.png", /image\/png/],
  ] as const) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toMatch(type);
  }

  await signIn(page, DEMO_ADMIN.email);
  await page.goto("/admin/cette-page-nexiste-pas");
  await expect(page.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Navigation principale" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
  await saveScreenshot(page, testInfo, "not-found-signed-in-fr-CA");

  await page.goto("/en/admin/categories");
  const row = page.locator('[data-slug="soutien-technique"]');
  await expect(row.getByRole("heading", { level: 3 })).toContainText("Technical support");
  await expect(row.locator('[lang="fr-CA"]')).toHaveText("Soutien technique");
  await expectNoSeriousAxeViolations(page, undefined, "all");
  await saveScreenshot(page, testInfo, "categories-en");

  // Back in French: the English page left its locale cookie, which unprefixed paths follow.
  await page.goto("/fr-CA/admin/categories");
  await page.getByLabel("Identifiant").fill(`doublon-${runId()}`);
  await page.getByLabel("Libellé en français").fill("Soutien technique");
  await page.getByLabel("Libellé en anglais").fill(`Duplicate ${runId()}`);
  await page.getByRole("button", { name: "Ajouter la catégorie" }).click();
  await expect(page.getByText("Une autre catégorie porte déjà ce libellé.")).toBeVisible();

  // A disabled button looks disabled: faded and greyed.
  const disabled = await page.evaluate(() => {
    const button = document.createElement("button");
    button.className = document.querySelector("form button[type=submit]")?.className ?? "";
    button.disabled = true;
    document.body.append(button);
    const style = getComputedStyle(button);
    return { opacity: Number(style.opacity), cursor: style.cursor };
  });
  expect(disabled.opacity).toBeLessThanOrEqual(0.5);
  expect(disabled.cursor).toBe("not-allowed");
});
