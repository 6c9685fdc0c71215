import { readFile } from "node:fs/promises";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { DEMO_ADMIN, DEMO_STUDENT } from "../../src/server/db/seed/demo-accounts";
import { expectNoAxeViolations } from "./support/axe";
import { createTicket, runId, signIn } from "./support/tickets";

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("a student rates the resolved request and the admin sees the rating on the ticket", async ({ browser }) => {
  test.slow();
  const subject = `Évaluation de l'aide ${runId()}`;
  const student = await signedInPage(browser, DEMO_STUDENT.email);
  const ticketPath = await createTicket(student, {
    subject,
    category: "Autre",
    description: "Je voudrais savoir comment changer mon mot de passe, merci.",
  });
  const adminPath = ticketPath.replace("/etudiant/", "/admin/");

  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin.goto(adminPath);
  await expect(admin.getByText("L'étudiant n'a pas encore évalué cette demande.")).toBeVisible();
  await admin.getByTestId("ticket-controls").getByLabel("Nouveau statut").selectOption("resolved");
  await admin.getByTestId("ticket-controls").getByRole("button", { name: "Changer le statut" }).click();
  await expect(admin.getByTestId("ticket-controls").getByRole("status")).toContainText("Résolue");

  // The resolution email's link lands on the form.
  await student.goto(`${ticketPath}/evaluation`);
  await expect(student).toHaveURL(new RegExp(`${ticketPath}#evaluation$`));
  const form = student.getByTestId("rating-form");
  await expect(student.getByRole("heading", { name: "Évaluez l'aide reçue" })).toBeVisible();
  await form.getByRole("radio", { name: "Satisfait", exact: true }).check({ force: true });
  await form.getByLabel("Commentaire (facultatif)").fill("Réponse rapide et claire, merci!");
  await form.getByRole("button", { name: "Envoyer l'évaluation" }).click();
  await expect(student.getByTestId("rating-status")).toHaveText("Merci! Votre évaluation est enregistrée.");
  await expect(student.getByRole("heading", { name: "Votre évaluation" })).toBeVisible();
  await expectNoAxeViolations(student);

  await admin.reload();
  const rating = admin.getByTestId("ticket-rating");
  await expect(rating.getByTestId("rating-score")).toHaveText("4 sur 5");
  await expect(rating).toContainText("Réponse rapide et claire, merci!");
  await expect(admin.getByTestId("history-item").filter({ hasText: "a évalué l'aide reçue : 4 sur 5" })).toHaveCount(1);
});

test("the analytics page draws its charts, opens their tables, and downloads the CSV exports", async ({ browser }) => {
  test.slow();
  const admin = await signedInPage(browser, DEMO_ADMIN.email);
  await admin
    .getByRole("navigation", { name: "Navigation principale" })
    .getByRole("link", { name: "Analytique" })
    .click();
  await expect(admin).toHaveURL(/\/admin\/analytique$/);
  await expect(admin.getByRole("heading", { level: 1, name: "Analytique" })).toBeVisible();

  // Charts are drawn (Recharts SVG) for each figure.
  for (const id of ["chart-created-resolved", "chart-backlog", "chart-backlog-age", "chart-sla", "chart-csat"]) {
    await expect(admin.getByTestId(id).locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
  }
  // Default range: the last 30 days, in fr-CA dates in the table alternative.
  const created = admin.getByTestId("created-resolved-table");
  await created.getByText("Voir les données en tableau").click();
  const table = created.getByRole("table");
  await expect(table.getByRole("columnheader", { name: "Créées" })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(31);
  await expect(table.getByRole("rowheader").first()).toHaveText(/^\d{1,2} [a-zéû.]+ \d{4}$/);
  const statCreated = await admin.getByTestId("stat-created").locator("dd").first().textContent();
  const sum = (await table.locator("tbody tr td:nth-child(2)").allTextContents())
    .map((t) => Number(t.replace(/\s/g, "")))
    .reduce((a, b) => a + b, 0);
  expect(Number((statCreated ?? "").replace(/\s/g, ""))).toBe(sum);
  // SLA compliance and business hours: the figure is the table's total, each rate is its met
  // share, in fr-CA percents (« 66,7 % ») or « — » when no clock stopped in the range.
  await expect(admin.getByText(/^Délais en heures ouvrables/)).toBeVisible();
  const slaTable = admin.getByTestId("sla-table");
  await slaTable.getByText("Voir les données en tableau").click();
  const slaRows = slaTable.getByRole("table").locator("tbody tr");
  await expect(slaRows).toHaveCount(3);
  await expect(slaRows.getByRole("rowheader")).toHaveText(["Première réponse", "Résolution", "Total"]);
  const rates: string[] = [];
  for (const row of await slaRows.all()) {
    const [met, breached, rate] = (await row.locator("td").allTextContents()).map((t) => t.trim());
    const m = Number((met ?? "").replace(/\s/g, ""));
    const b = Number((breached ?? "").replace(/\s/g, ""));
    const expected =
      m + b === 0
        ? "—"
        : new Intl.NumberFormat("fr-CA", { style: "percent", maximumFractionDigits: 1 }).format(m / (m + b));
    expect(rate).toBe(expected);
    if (expected !== "—") expect(rate).toMatch(/^\d{1,3}(,\d)?\s%$/);
    rates.push(rate ?? "");
  }
  const statSla = admin.getByTestId("stat-sla");
  await expect(statSla.locator("dd").first()).toHaveText(rates[2] ?? "");
  await expect(statSla.locator("dd").nth(1)).toHaveText(`Première réponse : ${rates[0]} · résolution : ${rates[1]}`);
  await expect(
    admin.getByTestId("admins-table").getByRole("columnheader", { name: "Ententes respectées" }),
  ).toBeVisible();
  await expectNoAxeViolations(admin);

  // A narrower range, through the form: the table follows.
  await admin.getByLabel("Du").fill("2026-11-20");
  await admin.getByLabel("Au").fill("2026-11-26");
  await admin.getByRole("button", { name: "Appliquer" }).click();
  await expect(admin).toHaveURL(/from=2026-11-20/);
  // The disclosure opened above may stay open across the client navigation: open it only if not.
  const narrowed = admin.getByTestId("created-resolved-table");
  if (!(await narrowed.evaluate((details) => (details as HTMLDetailsElement).open))) {
    await narrowed.getByText("Voir les données en tableau").click();
  }
  await expect(narrowed.getByRole("row")).toHaveCount(8);

  const perAdmin = admin.waitForEvent("download");
  await admin.getByTestId("admins-csv").click();
  const perAdminFile = await (await perAdmin).path();
  const header = (await readFile(perAdminFile, "utf8")).split("\r\n")[0];
  expect(header).toContain("Membre de l'équipe");
  expect(header).toContain("Première réponse médiane (minutes ouvrables),Ententes respectées,Échéances,Conformité (%)");

  await admin.goto("/admin/demandes?status=open&sort=created_asc");
  const download = admin.waitForEvent("download");
  await admin.getByTestId("tickets-export").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^demandes-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await file.path(), "utf8")).trim().split("\r\n");
  expect(lines[0]).toContain("Numéro,Sujet,Statut");
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.includes(",Ouverte,"))).toBe(true);
});
