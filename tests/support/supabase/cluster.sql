-- Supabase's cluster-wide roles, condensed from supabase/postgres's public initialisation SQL
-- (our own text; each part names the file it mirrors). Run as a superuser on the test server.
-- Several test runs (and checkouts) share the server, so every role is created only when
-- missing and a concurrent run creating it first is not an error. Shared roles are never
-- altered; only the run's own `postgres` role ({{postgres}}) is created and dropped per run.

-- migrations/db/init-scripts/00000000000000-initial-schema.sql: the API roles. Supabase makes
-- them INHERIT later (migrations/20230529180330_alter_api_roles_for_inherit.sql); nothing is
-- granted to them, so it changes nothing here and the shared roles are left as they are.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- Supabase's own administrators. On Supabase supabase_admin is the superuser and both log in;
-- here they only own objects, so they are plain NOLOGIN roles (a superuser role on a shared
-- test server would serve no purpose). 00000000000001-auth-schema.sql creates
-- supabase_auth_admin; 00000000000000-initial-schema.sql the PostgREST login `authenticator`.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_admin') THEN CREATE ROLE supabase_admin NOLOGIN; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_auth_admin') THEN CREATE ROLE supabase_auth_admin NOLOGIN NOINHERIT; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN CREATE ROLE authenticator NOLOGIN NOINHERIT; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
GRANT anon, authenticated, service_role TO authenticator;

-- migrations/db/migrations/10000000000000_demote-postgres.sql: `postgres` is no superuser,
-- but CREATEDB CREATEROLE REPLICATION BYPASSRLS. This run's stand-in for it logs in with a
-- password (the machine's own `postgres` is a superuser and stays one).
CREATE ROLE {{postgres}} LOGIN PASSWORD {{password}} NOSUPERUSER INHERIT CREATEDB CREATEROLE REPLICATION BYPASSRLS;

-- migrations/db/migrations/20250605172253_grant_with_admin_to_postgres_16_and_above.sql: from
-- PostgreSQL 16 CREATEROLE no longer lets `postgres` grant the API roles to itself, so Supabase
-- grants them WITH ADMIN OPTION. On 15 `postgres` is not a member until it grants them itself
-- (our migration 0001 does).
DO $$ BEGIN
  IF current_setting('server_version_num')::int >= 160000 THEN
    GRANT anon, authenticated, service_role TO {{postgres}} WITH ADMIN OPTION;
  END IF;
END $$;

-- Supabase's database was created by its bootstrap user, which is `postgres` (later demoted):
-- `postgres` owns the database, so as pg_database_owner it may create in schema public
-- (whose ACL on a hosted project lists `postgres` with USAGE only). demote-postgres.sql also
-- grants it ALL on the database.
-- (CREATE DATABASE cannot share a multi-statement query: the file is sent in parts, split
-- at the marker lines below.)
--> part
CREATE DATABASE {{database}} OWNER {{postgres}};
--> part
GRANT ALL ON DATABASE {{database}} TO {{postgres}};
