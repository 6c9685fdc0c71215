import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";
import pg from "pg";

/**
 * Makes a request's first response late by `minutes` in the app's own embedded database (the
 * one playwright.config.ts starts under .data/e2e): business hours would otherwise make a new
 * request due hours or days from now, whatever the time the suite runs.
 */
export async function makeFirstResponseLate(ticketId: string, minutes: number): Promise<void> {
  const password = readFileSync(".data/e2e/postgres.password", "utf8").trim();
  const port = process.env.E2E_PG_PORT ?? "54349";
  const client = new pg.Client({
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/support_tickets`,
  });
  await client.connect();
  try {
    const result = await client.query(
      `update support_tickets set first_response_due_at = now() - make_interval(mins => $2),
         sla_due_at = now() - make_interval(mins => $2) where id = $1`,
      [ticketId, minutes],
    );
    expect(result.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

/** The id at the end of a request's address. */
export const ticketIdOf = (path: string) => path.match(/[0-9a-f-]{36}/)?.[0] ?? "";
