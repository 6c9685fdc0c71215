/**
 * A database built like a Supabase project's (see ./cluster.sql and ./database.sql, condensed
 * from Supabase's public initialisation SQL), on the integration tests' server, with its own
 * stand-in for Supabase's non-superuser `postgres` role. The connecting superuser builds it;
 * the migrations then run as that role, as `npm run db:migrate` does against Supabase.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";

export type TSupabaseDatabase = {
  /** The database as Supabase's `postgres` stand-in (a non-superuser). */
  url: string;
  /** The same database as the server's superuser: only to look, never to test policies. */
  superuserUrl: string;
  role: string;
  database: string;
  drop: () => Promise<void>;
};

/** The tests' global setup drops `st_test_<ms>_...` databases left behind by killed runs. */
const DATABASE_PREFIX = "st_test_";
const ROLE_PREFIX = "supabase_postgres_";
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

function withDatabase(url: string, database: string, login?: { user: string; password: string }): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (login) {
    parsed.username = encodeURIComponent(login.user);
    parsed.password = encodeURIComponent(login.password);
  }
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "support-tickets-supabase-setup" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function sqlFile(name: string, values: Record<string, string>): string[] {
  const text = readFileSync(new URL(`./${name}`, import.meta.url), "utf8").replace(
    /\{\{(\w+)\}\}/g,
    (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`${name}: no value for {{${key}}}`);
      return value;
    },
  );
  return text.split(/^--> part$/m);
}

/** Roles of runs killed before their teardown (their databases are gone or going). */
async function dropStaleRoles(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ rolname: string }>("select rolname from pg_roles where rolname like $1", [
    `${ROLE_PREFIX}%`,
  ]);
  for (const { rolname } of rows) {
    const createdAt = Number(rolname.slice(ROLE_PREFIX.length).split("_")[0]);
    if (Number.isFinite(createdAt) && Date.now() - createdAt > STALE_AFTER_MS) {
      await client.query(`drop role if exists ${client.escapeIdentifier(rolname)}`).catch(() => {});
    }
  }
}

/**
 * `serverUrl`: any database on the test server, as its superuser (the tests' own URL will do).
 * `project`: "current" (after the April 2025 revocations, every project today) or
 * "before-april-2025" (`postgres` may still create in auth and is a member of supabase_auth_admin).
 */
export async function createSupabaseDatabase(
  serverUrl: string,
  project: "current" | "before-april-2025" = "current",
): Promise<TSupabaseDatabase> {
  const run = `${Date.now()}_${randomBytes(4).toString("hex")}`;
  const role = `${ROLE_PREFIX}${run}`;
  const database = `${DATABASE_PREFIX}${run}_supabase`;
  const password = randomBytes(18).toString("base64url");
  const superuserUrl = withDatabase(serverUrl, database);

  const drop = async () => {
    await withClient(serverUrl, async (client) => {
      await client.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [database],
      );
      await client.query(`drop database if exists ${client.escapeIdentifier(database)}`);
      await client.query(`drop role if exists ${client.escapeIdentifier(role)}`);
    });
  };

  try {
    await withClient(serverUrl, async (client) => {
      await dropStaleRoles(client);
      const values = {
        postgres: client.escapeIdentifier(role),
        password: client.escapeLiteral(password),
        database: client.escapeIdentifier(database),
      };
      for (const part of sqlFile("cluster.sql", values)) await client.query(part);
      await withClient(superuserUrl, async (inDatabase) => {
        const epoch = project === "current" ? "april-2025.sql" : "before-april-2025.sql";
        for (const part of [...sqlFile("database.sql", values), ...sqlFile(epoch, values)])
          await inDatabase.query(part);
      });
    });
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }

  return { url: withDatabase(serverUrl, database, { user: role, password }), superuserUrl, role, database, drop };
}
