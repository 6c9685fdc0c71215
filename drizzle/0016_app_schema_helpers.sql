-- The app's helpers leave Supabase's `auth` schema (issue 20). Migrations 0001-0015 were edited
-- so that a new database never creates them there; this one brings a database migrated before
-- that edit to the same end state, and changes nothing on a new one:
--   1. app.user_role() / app.is_admin(), exactly as 0001 now creates them;
--   2. every policy and function of ours that called auth.user_role() / auth.is_admin() calls
--      the app.* one instead (each recreated from its own definition, so nothing else changes);
--   3. our old auth.is_admin() / auth.user_role() are dropped, and the auth.uid() that 0001 used
--      to create (reading only request.jwt.claim.sub) reads both claim forms, as Supabase's.
-- A function in `auth` is only dropped or replaced when its body is exactly the one our old 0001
-- wrote: anything else there belongs to Supabase or to the host app.
CREATE SCHEMA IF NOT EXISTS app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.user_role() RETURNS public.user_role
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$ SELECT u.role FROM public.users u WHERE u.id = auth.uid() $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$ SELECT coalesce((SELECT u.role = 'admin' FROM public.users u WHERE u.id = auth.uid()), false) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.user_role() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.is_admin() FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app TO anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.user_role(), app.is_admin() TO anon, authenticated, service_role;
--> statement-breakpoint
-- Only where our old helpers are (a database migrated before), and only our own tables and
-- functions: the host app's policies are not ours to rewrite. With an empty search_path the
-- deparsed expressions and definitions name every object with its schema, so re-parsing them
-- cannot resolve to anything else; it is put back at the end (drizzle runs every pending
-- migration in one transaction).
DO $$
DECLARE
  v_search_path text := current_setting('search_path');
  v_policy record;
  v_function record;
  v_using text;
  v_check text;
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_proc p
     WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'auth') AND p.pronargs = 0
       AND (   (p.proname = 'is_admin' AND p.prosrc = ' SELECT coalesce((SELECT u.role = ''admin'' FROM public.users u WHERE u.id = auth.uid()), false) ')
            OR (p.proname = 'user_role' AND p.prosrc = ' SELECT u.role FROM public.users u WHERE u.id = auth.uid() '))
  ) THEN
    RETURN;
  END IF;
  PERFORM set_config('search_path', '', true);
  FOR v_policy IN
    SELECT p.polname, c.oid AS table_oid,
           pg_get_expr(p.polqual, p.polrelid) AS using_expr,
           pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
      FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
     WHERE c.relnamespace = 'public'::regnamespace
       AND c.relname = ANY (ARRAY['users', 'courses', 'appointments', 'orders', 'ticket_categories',
         'support_tickets', 'ticket_messages', 'ticket_attachments', 'ticket_events', 'ticket_reads',
         'webhook_events', 'webhook_attempts', 'webhook_endpoints'])
  LOOP
    v_using := replace(replace(v_policy.using_expr, 'auth.is_admin()', 'app.is_admin()'), 'auth.user_role()', 'app.user_role()');
    v_check := replace(replace(v_policy.check_expr, 'auth.is_admin()', 'app.is_admin()'), 'auth.user_role()', 'app.user_role()');
    IF v_using IS DISTINCT FROM v_policy.using_expr THEN
      EXECUTE format('ALTER POLICY %I ON %s USING (%s)', v_policy.polname, v_policy.table_oid::regclass, v_using);
    END IF;
    IF v_check IS DISTINCT FROM v_policy.check_expr THEN
      EXECUTE format('ALTER POLICY %I ON %s WITH CHECK (%s)', v_policy.polname, v_policy.table_oid::regclass, v_check);
    END IF;
  END LOOP;

  FOR v_function IN
    SELECT p.oid FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
       AND p.proname = ANY (ARRAY['support_tickets_guard', 'enqueue_webhook_event', 'retry_webhook_events',
         'enable_webhook_endpoint', 'admin_search_ticket_ids', 'admin_ticket_counts'])
       AND (p.prosrc LIKE '%auth.is\_admin()%' OR p.prosrc LIKE '%auth.user\_role()%')
  LOOP
    EXECUTE replace(replace(pg_get_functiondef(v_function.oid),
      'auth.is_admin()', 'app.is_admin()'), 'auth.user_role()', 'app.user_role()');
  END LOOP;
  PERFORM set_config('search_path', v_search_path, true);
END $$;
--> statement-breakpoint
DO $$
DECLARE
  v_function record;
BEGIN
  FOR v_function IN
    SELECT p.oid FROM pg_proc p
     WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'auth') AND p.pronargs = 0
       AND (   (p.proname = 'is_admin' AND p.prosrc = ' SELECT coalesce((SELECT u.role = ''admin'' FROM public.users u WHERE u.id = auth.uid()), false) ')
            OR (p.proname = 'user_role' AND p.prosrc = ' SELECT u.role FROM public.users u WHERE u.id = auth.uid() '))
  LOOP
    BEGIN
      EXECUTE format('DROP FUNCTION %s', v_function.oid::regprocedure);
    EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
      RAISE WARNING 'kept %: %', v_function.oid::regprocedure, SQLERRM;
    END;
  END LOOP;

  IF EXISTS (
    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'auth' AND p.proname = 'uid' AND p.pronargs = 0
       AND p.prosrc = ' SELECT nullif(current_setting(''request.jwt.claim.sub'', true), '''')::uuid '
  ) THEN
    BEGIN
      CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE SET search_path = ''
    AS $uid$
      SELECT coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $uid$;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'auth.uid() reads only request.jwt.claim.sub and cannot be replaced by %: '
        'restore Supabase''s definition (it also reads request.jwt.claims)', current_user;
    END;
  END IF;
END $$;
