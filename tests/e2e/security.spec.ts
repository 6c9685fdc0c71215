import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_ADMIN } from "../../src/server/db/seed/demo-accounts";
import { createTicket, runId, signIn } from "./support/tickets";

// Issue 12: every page carries a nonce-based Content-Security-Policy and still works under it;
// a plain HTML form on another port of the same host (same-site: the session cookie goes along)
// cannot create a ticket, a reply or an internal note.

/** CSP violations the page reports (Chromium logs each one to the console). */
function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

async function expectPageUnderCsp(page: Page, path: string) {
  const response = await page.goto(path);
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy, path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(policy, path).not.toContain("unsafe-eval");
  // Every script the server wrote carries this request's nonce (the chunks those scripts load
  // later need none: 'strict-dynamic' trusts them).
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  const scriptTags = (await response?.text())?.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length, path).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag, path).toContain(`nonce="${nonce}"`);
}

test("every page has a CSP with a per-request nonce, and runs without a violation", async ({ page }) => {
  const violations = watchCspViolations(page);
  await expectPageUnderCsp(page, "/connexion");
  await expectPageUnderCsp(page, "/en/connexion");
  await expectPageUnderCsp(page, "/page-qui-n-existe-pas");
  // Back to French: /en/ left its NEXT_LOCALE cookie.
  await page.context().clearCookies();

  const student = DEMO_ACCOUNTS.find((account) => account.key === "noah");
  await signIn(page, student?.email ?? "");
  for (const path of ["/etudiant", "/etudiant/demandes/nouvelle"]) await expectPageUnderCsp(page, path);
  // Client code works under the policy: the form (React), the file picker, the upload.
  const ticketPath = await createTicket(page, {
    subject: `Sous CSP ${runId()}`,
    category: "Soutien technique",
    description: "Une demande envoyée sous la politique de sécurité du contenu.",
  });
  await expectPageUnderCsp(page, ticketPath);
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion\?deconnexion=1$/);

  await signIn(page, DEMO_ADMIN.email);
  for (const path of ["/admin", "/admin/demandes", "/admin/categories", "/admin/webhooks"]) {
    await expectPageUnderCsp(page, path);
  }
  expect(violations).toEqual([]);
});

/** A page of another origin (another port, same host) that posts a form to the app on load. */
async function serveForgery(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}/`, server };
}

function forgeryPage(action: string, fields: Record<string, string>, enctype: string): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join("");
  return `<!doctype html><form method="post" action="${action}" enctype="${enctype}">${inputs}</form>
    <script>document.forms[0].submit()</script>`;
}

async function submitForgery(context: BrowserContext, action: string, fields: Record<string, string>, enctype: string) {
  const { url, server } = await serveForgery(forgeryPage(action, fields, enctype));
  try {
    const page = await context.newPage();
    const answer = page.waitForResponse((response) => response.url() === action);
    await page.goto(url);
    const response = await answer;
    const status = response.status();
    const body = await response.text();
    await page.close();
    return { status, body };
  } finally {
    server.close();
  }
}

test("a cross-origin HTML form cannot create a ticket, a reply or an internal note", async ({
  page,
  context,
  baseURL,
}) => {
  const student = DEMO_ACCOUNTS.find((account) => account.key === "chloe");
  await signIn(page, student?.email ?? "");
  const ticketPath = await createTicket(page, {
    subject: `Cible ${runId()}`,
    category: "Soutien technique",
    description: "La demande que le formulaire forgé vise.",
  });
  const ticketId = ticketPath.split("/").pop() ?? "";
  const forgedSubject = `Forgée ${runId()}`;
  for (const enctype of ["multipart/form-data", "application/x-www-form-urlencoded", "text/plain"]) {
    const ticket = await submitForgery(
      context,
      `${baseURL}/api/tickets`,
      { subject: forgedSubject, description: "Créée par un autre site.", category: "paiement" },
      enctype,
    );
    expect({ enctype, status: ticket.status }).toEqual({ enctype, status: 403 });
    expect(ticket.body).toContain("ne vient pas de l'application");
    const reply = await submitForgery(
      context,
      `${baseURL}/api/tickets/${ticketId}/messages`,
      { message: "Réponse forgée par un autre site." },
      enctype,
    );
    expect({ enctype, status: reply.status }).toEqual({ enctype, status: 403 });
  }
  await page.goto("/etudiant");
  await expect(page.getByText(forgedSubject)).toHaveCount(0);
  await page.goto(ticketPath);
  await expect(page.getByText("Réponse forgée par un autre site.")).toHaveCount(0);
  await page.getByRole("button", { name: "Se déconnecter" }).click();

  await signIn(page, DEMO_ADMIN.email);
  const note = await submitForgery(
    context,
    `${baseURL}/api/tickets/${ticketId}/messages`,
    { message: "Note interne forgée par un autre site.", isInternal: "true" },
    "multipart/form-data",
  );
  expect(note.status).toBe(403);
  await page.goto(`/admin/demandes/${ticketId}`);
  await expect(page.getByText("Note interne forgée par un autre site.")).toHaveCount(0);
});
