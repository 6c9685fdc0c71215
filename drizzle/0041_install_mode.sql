-- Issue 20, host mode (docs/supabase.md, section 5): the mode a database was installed in,
-- one row, written by the first run that reaches this migration. The migrator
-- (src/server/db/migrate.ts) sets app.install_mode on its session before migrating and refuses
-- to run when it differs from this row: switching an installed database between standalone
-- and host mode is not supported. Databases installed before this migration are standalone
-- (host mode did not exist), which is what the first run records for them.
CREATE TABLE IF NOT EXISTS app.install_info (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  mode text NOT NULL CHECK (mode IN ('standalone', 'host')),
  installed_at timestamptz NOT NULL DEFAULT now()
);--> statement-breakpoint
REVOKE ALL ON app.install_info FROM PUBLIC;--> statement-breakpoint
INSERT INTO app.install_info (mode)
VALUES (CASE WHEN coalesce(current_setting('app.install_mode', true), '') = 'host' THEN 'host' ELSE 'standalone' END)
ON CONFLICT (only_row) DO NOTHING;
--> statement-breakpoint
-- Host mode only (a standalone install skips all that follows): the ticket system reads the
-- host's users, courses, appointments and orders through the contract's platform.* views
-- (docs/host-contract.sql). 0000-0037 skipped, in host mode, every statement that creates or
-- alters those tables (and better-auth's), their policies and grants, and the foreign keys to
-- them; the functions they created were not checked (check_function_bodies off) and are
-- rewritten here to read the views. Helpers that policies and the ticket guard need are
-- SECURITY DEFINER: `authenticated` gets no privilege on the views, which bypass the host's RLS.
DO $host$
DECLARE
  v_search_path text := current_setting('search_path');
  v_function record;
  v_definition text;
BEGIN
  IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN
    RETURN;
  END IF;
  PERFORM set_config('search_path', '', true);
  PERFORM set_config('check_function_bodies', 'on', true);

  -- The service_role-owned SECURITY DEFINER functions (shares_appointment_with,
  -- admin_search_student_ids) and the worker's service_role work read the views.
  GRANT USAGE ON SCHEMA platform TO service_role;
  GRANT SELECT ON platform.users, platform.courses, platform.appointments, platform.orders TO service_role;

  CREATE FUNCTION app.is_own_appointment(p_appointment uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $f$ SELECT EXISTS (SELECT 1 FROM platform.appointments a WHERE a.id = p_appointment AND a.student_id = auth.uid()) $f$;
  CREATE FUNCTION app.is_own_order(p_order uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $f$ SELECT EXISTS (SELECT 1 FROM platform.orders o WHERE o.id = p_order AND o.user_id = auth.uid()) $f$;
  CREATE FUNCTION app.is_admin_user(p_user uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $f$ SELECT EXISTS (SELECT 1 FROM platform.users u WHERE u.id = p_user AND u.role = 'admin') $f$;
  REVOKE ALL ON FUNCTION app.is_own_appointment(uuid), app.is_own_order(uuid), app.is_admin_user(uuid) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION app.is_own_appointment(uuid), app.is_own_order(uuid), app.is_admin_user(uuid)
    TO authenticated, service_role;

  -- 0001's insert policy, reading the contract through the helpers above.
  CREATE POLICY support_tickets_insert ON public.support_tickets FOR INSERT TO authenticated WITH CHECK (
    (SELECT app.is_admin())
    OR (
      user_id = (SELECT auth.uid())
      AND (SELECT app.user_role()) = 'student'
      AND (appointment_id IS NULL OR app.is_own_appointment(appointment_id))
      AND (order_id IS NULL OR app.is_own_order(order_id))
    )
  );

  -- A platform user the host removes leaves platform.users: that is deactivation in host mode.
  CREATE OR REPLACE FUNCTION app.assert_active_user(p_user_id uuid) RETURNS void
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
  AS $f$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM platform.users u WHERE u.id = p_user_id) THEN
      RAISE EXCEPTION 'account deactivated' USING ERRCODE = 'TK005';
    END IF;
  END
  $f$;

  -- better-auth's accounts, sessions, invitations and password resets do not exist in host mode
  -- (the host app signs people in and manages their accounts): a clear refusal instead of
  -- "relation does not exist".
  FOR v_function IN
    SELECT p.oid FROM pg_proc p
     WHERE p.pronamespace = 'app'::regnamespace
       AND p.proname = ANY (ARRAY['admin_update_account', 'admin_invite_account', 'admin_resend_invitation',
         'accept_invitation', 'request_password_reset', 'complete_password_reset', 'assert_active_session',
         'enqueue_account_email'])
  LOOP
    EXECUTE format(
      'CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql SET search_path = %L AS %L',
      v_function.oid::regproc, pg_get_function_arguments(v_function.oid), pg_get_function_result(v_function.oid), '',
      'BEGIN RAISE EXCEPTION ''not available in host mode: the host app manages accounts'' USING ERRCODE = ''0A000''; END');
  END LOOP;

  -- The ticket guard runs as the caller: it asks the helper whether an assignee is an admin.
  SELECT pg_get_functiondef('public.support_tickets_guard()'::regprocedure) INTO v_definition;
  v_definition := replace(v_definition,
    'SELECT 1 FROM public.users u WHERE u.id = NEW.assigned_to AND u.role = ''admin''',
    'SELECT 1 WHERE app.is_admin_user(NEW.assigned_to)');
  IF v_definition ~ 'public\.users\M' THEN
    RAISE EXCEPTION 'host mode: support_tickets_guard() still reads public.users';
  END IF;
  EXECUTE v_definition;

  -- The other functions of ours that read a platform table (all SECURITY DEFINER) read the view
  -- instead: the contract's columns have the names and types of the standalone tables'.
  -- platform.users holds active users only, so "not deactivated" is always true there. Named one
  -- by one: the host app's own functions in public (e.g. a handle_new_user() writing its users
  -- table) are not ours to rewrite.
  FOR v_function IN
    SELECT p.oid FROM pg_proc p
     WHERE p.oid = ANY (ARRAY[
       'app.user_role()', 'app.is_admin()', 'public.shares_appointment_with(uuid)',
       'public.admin_search_student_ids(text, integer)',
       'app.enqueue_email_notifications(uuid, uuid, jsonb, integer)', 'app.resend_email_notification(uuid)',
       'app.analytics_messages_inserted()', 'app.analytics_ticket_deleting()', 'app.analytics_backfill_batch(integer)'
     ]::regprocedure[])
  LOOP
    IF NOT (SELECT p.prosecdef FROM pg_proc p WHERE p.oid = v_function.oid) THEN
      RAISE EXCEPTION 'host mode: % reads a platform table as its caller', v_function.oid::regprocedure;
    END IF;
    v_definition := regexp_replace(pg_get_functiondef(v_function.oid),
      'public\.(users|courses|appointments|orders)\M', 'platform.\1', 'g');
    v_definition := regexp_replace(v_definition, '\m\w+\.deactivated_at IS NOT NULL', 'false', 'g');
    v_definition := regexp_replace(v_definition, '\m\w+\.deactivated_at IS NULL', 'true', 'g');
    IF v_definition ~ 'deactivated_at|public\.(sessions|accounts|verifications)\M' THEN
      RAISE EXCEPTION 'host mode: % reads what the contract does not have', v_function.oid::regprocedure;
    END IF;
    EXECUTE v_definition;
  END LOOP;

  PERFORM set_config('check_function_bodies', 'off', true);
  PERFORM set_config('search_path', v_search_path, true);
END $host$;
