/**
 * The migrations 0000-0015 as they were before issue 20 (commit f160319), to build databases
 * migrated before it and check that today's migrations bring them to the state of a new one.
 * Only 0001 changed beyond a rename, so it is kept whole in ./before-issue-20/; in the other
 * files issue 20 only renamed auth.is_admin()/auth.user_role() to app.*, undone here (checked
 * byte for byte against f160319 when this was written).
 */
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MIGRATIONS_FOLDER } from "@/server/db/migrate";

const LAST_TAG_BEFORE = "0015_users_policy_tutor_function";

type TJournal = { entries: { idx: number; tag: string }[] } & Record<string, unknown>;

/** A migrations folder (journal and SQL) holding the set as it was; the caller may delete it. */
export async function writeMigrationsBeforeIssue20(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "migrations-before-issue-20-"));
  await mkdir(path.join(folder, "meta"));
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as TJournal;
  const last = journal.entries.findIndex((entry) => entry.tag === LAST_TAG_BEFORE);
  const entries = journal.entries.slice(0, last + 1);
  await writeFile(path.join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const { tag } of entries) {
    const kept = new URL(`./before-issue-20/${tag}.sql`, import.meta.url);
    const text = await readFile(kept, "utf8").catch(async () =>
      (await readFile(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), "utf8"))
        .replaceAll("app.is_admin()", "auth.is_admin()")
        .replaceAll("app.user_role()", "auth.user_role()"),
    );
    await writeFile(path.join(folder, `${tag}.sql`), text);
  }
  return folder;
}

/**
 * What the migrations decide about access, one row per object, comparable between databases:
 * policies (command, roles, expressions), functions of public/app/auth (body, settings,
 * SECURITY DEFINER, volatility, owner, ACL), schemas (owner, ACL), tables (RLS flags, ACL).
 */
export const ACCESS_CATALOG = `
  select 'policy' as kind, schemaname || '.' || tablename || '.' || policyname as name,
         json_build_object('cmd', cmd, 'roles', roles, 'permissive', permissive, 'using', qual, 'check', with_check)::text as definition
    from pg_policies where schemaname in ('public', 'app', 'auth')
  union all
  select 'function', p.oid::regprocedure::text,
         json_build_object('body', p.prosrc, 'config', p.proconfig, 'definer', p.prosecdef, 'volatility', p.provolatile,
           'owner', pg_get_userbyid(p.proowner), 'acl', p.proacl, 'returns', pg_get_function_result(p.oid))::text
    from pg_proc p where p.pronamespace in (select oid from pg_namespace where nspname in ('public', 'app', 'auth'))
  union all
  select 'schema', nspname, json_build_object('owner', pg_get_userbyid(nspowner), 'acl', nspacl)::text
    from pg_namespace where nspname in ('public', 'app', 'auth')
  union all
  select 'table', c.oid::regclass::text,
         json_build_object('rls', c.relrowsecurity, 'forced', c.relforcerowsecurity, 'acl', c.relacl)::text
    from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'S')
  order by 1, 2`;
