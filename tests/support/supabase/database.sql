-- Supabase's objects inside the database, condensed from supabase/postgres (init scripts and
-- migrations) and supabase/auth (the auth functions); our own text, each part names the file
-- it mirrors. Run as a superuser connected to the new database: on Supabase these objects
-- belong to supabase_admin / supabase_auth_admin, never to `postgres` ({{postgres}}).

-- init-scripts/00000000000003-post-setup.sql
ALTER ROLE {{postgres}} IN DATABASE {{database}} SET search_path TO "$user", public, extensions;

-- init-scripts/00000000000000-initial-schema.sql: extensions live in their own schema.
CREATE SCHEMA extensions AUTHORIZATION supabase_admin;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
GRANT USAGE ON SCHEMA extensions TO {{postgres}}, anon, authenticated, service_role;

-- init-scripts/00000000000000-initial-schema.sql: the API roles may use public, and whatever
-- `postgres` (who ran the init scripts) or supabase_admin creates in public is granted to
-- all of them. Our migrations must take back what they do not mean to give.
GRANT USAGE ON SCHEMA public TO {{postgres}}, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE {{postgres}} IN SCHEMA public GRANT ALL ON TABLES TO {{postgres}}, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE {{postgres}} IN SCHEMA public GRANT ALL ON FUNCTIONS TO {{postgres}}, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE {{postgres}} IN SCHEMA public GRANT ALL ON SEQUENCES TO {{postgres}}, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO {{postgres}}, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON FUNCTIONS TO {{postgres}}, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON SEQUENCES TO {{postgres}}, anon, authenticated, service_role;

-- init-scripts/00000000000001-auth-schema.sql: schema auth belongs to supabase_admin, its
-- tables and functions to supabase_auth_admin (migrations/20211124212715_update-auth-owner.sql).
CREATE SCHEMA auth AUTHORIZATION supabase_admin;
CREATE TABLE auth.users (
  instance_id uuid,
  id uuid PRIMARY KEY,
  aud varchar(255),
  role varchar(255),
  email varchar(255) UNIQUE,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  created_at timestamptz,
  updated_at timestamptz
);
ALTER TABLE auth.users OWNER TO supabase_auth_admin;

-- supabase/auth migrations/20240624145325_recreate_auth_functions.up.sql: the current
-- definitions (both claim forms, empty search_path); 20220531120530 added auth.jwt().
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE SET search_path = '' AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;
CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE SET search_path = '' AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;
CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE SET search_path = '' AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;
CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE SET search_path = '' AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;
ALTER FUNCTION auth.uid() OWNER TO supabase_auth_admin;
ALTER FUNCTION auth.role() OWNER TO supabase_auth_admin;
ALTER FUNCTION auth.email() OWNER TO supabase_auth_admin;
ALTER FUNCTION auth.jwt() OWNER TO supabase_auth_admin;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT ALL ON SCHEMA auth TO supabase_auth_admin;

-- migrations/10000000000000_demote-postgres.sql and 20211115181400_update-auth-permissions.sql:
-- `postgres` may use everything in auth and extensions, CREATE included until April 2025
-- (./april-2025.sql takes it back; ./before-april-2025.sql builds an older project instead).
GRANT ALL ON SCHEMA auth TO {{postgres}};
GRANT ALL ON ALL TABLES IN SCHEMA auth TO {{postgres}};
GRANT ALL ON ALL ROUTINES IN SCHEMA auth TO {{postgres}};
GRANT ALL ON SCHEMA extensions TO {{postgres}};

-- init-scripts/00000000000002-storage-schema.sql and 00000000000003-realtime-schema.sql, as
-- far as they concern us: the schemas exist and `postgres` may not create in them.
CREATE SCHEMA storage AUTHORIZATION supabase_admin;
GRANT USAGE ON SCHEMA storage TO {{postgres}}, anon, authenticated, service_role;
CREATE SCHEMA realtime AUTHORIZATION supabase_admin;
GRANT USAGE ON SCHEMA realtime TO {{postgres}};
