-- Issue 12: per-user write limits (src/server/security/rate-limiter.ts) and the audit log of
-- security events (src/server/audit/). Both live in PostgreSQL so every app process sees the
-- same counts and the same history.
--
-- Fixed-window counters, one row per key and window. Only the login role that runs the app
-- touches it (like sign_in_throttle): RLS on with no policy, nothing granted to request roles.
CREATE TABLE public.rate_limit_counters (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (key, window_start)
);
--> statement-breakpoint
ALTER TABLE public.rate_limit_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.rate_limit_counters FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
CREATE INDEX rate_limit_counters_expires_idx ON public.rate_limit_counters (expires_at);
--> statement-breakpoint
-- Security events. No user text, password or token ever goes in `detail` (the app writes only
-- ids, names of settings, roles and counts). Admins read it under RLS; nobody writes it
-- directly but service_role (sign-in events, written outside any user transaction) and
-- app.record_audit_event() (an admin's change, in the change's own transaction).
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.audit_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL CHECK (type ~ '^[a-z][a-z_]{1,63}$'),
  actor_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  target_user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  ip text CHECK (ip IS NULL OR length(ip) <= 64),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(detail) = 'object' AND length(detail::text) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.audit_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL CHECK (type ~ '^[a-z][a-z_]{1,63}$'),
  actor_id uuid,
  target_user_id uuid,
  ip text CHECK (ip IS NULL OR length(ip) <= 64),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(detail) = 'object' AND length(detail::text) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
ALTER TABLE public.audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.audit_events FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.audit_events TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.audit_events TO service_role;
--> statement-breakpoint
CREATE POLICY audit_events_admin_read ON public.audit_events FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
-- The admin page's keyset pages, all types or one.
CREATE INDEX audit_events_created_idx ON public.audit_events (created_at DESC, id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_type_created_idx ON public.audit_events (type, created_at DESC, id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_actor_idx ON public.audit_events (actor_id);
--> statement-breakpoint
CREATE INDEX audit_events_target_idx ON public.audit_events (target_user_id);
--> statement-breakpoint
-- An admin's change writes its audit row in the change's own transaction, as the admin: the
-- actor is auth.uid(), never a parameter, so nobody can write an event in another's name;
-- anyone but an admin (or service_role) is refused. Owned by service_role (BYPASSRLS), like
-- 0011's admin_search_ticket_ids, so the insert passes the forced RLS.
CREATE OR REPLACE FUNCTION app.record_audit_event(
  p_type text, p_target_user_id uuid, p_ip text, p_detail jsonb
) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_id uuid;
BEGIN
  IF current_setting('role', true) IS DISTINCT FROM 'service_role' AND NOT app.is_admin() THEN
    RAISE EXCEPTION 'only admins record audit events' USING ERRCODE = '42501';
  END IF;
  INSERT INTO public.audit_events (type, actor_id, target_user_id, ip, detail)
  VALUES (p_type, auth.uid(), p_target_user_id, p_ip, coalesce(p_detail, '{}'::jsonb))
  RETURNING id INTO v_id;
  RETURN v_id;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.record_audit_event(text, uuid, text, jsonb) FROM PUBLIC, anon;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.record_audit_event(text, uuid, text, jsonb) TO authenticated, service_role;
--> statement-breakpoint
GRANT CREATE ON SCHEMA app TO service_role;
--> statement-breakpoint
ALTER FUNCTION app.record_audit_event(text, uuid, text, jsonb) OWNER TO service_role;
--> statement-breakpoint
-- Accounts (issue 12, found 3): an admin deactivates an account (it cannot sign in, its
-- sessions end at once) or changes a role; both are audited in the same transaction.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.users ADD COLUMN IF NOT EXISTS deactivated_at timestamptz;$statement$; END IF; END $platform$;
--> statement-breakpoint
-- Server-side length limits on the names (better-auth's sign-up and update-user accepted
-- 10,000 characters). NOT VALID: rows already there are not checked, every new write is.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.users ADD CONSTRAINT users_name_length CHECK (length(name) <= 200) NOT VALID;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.users ADD CONSTRAINT users_first_name_length CHECK (length(first_name) <= 100) NOT VALID;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.users ADD CONSTRAINT users_last_name_length CHECK (length(last_name) <= 100) NOT VALID;$statement$; END IF; END $platform$;
--> statement-breakpoint
-- Returns the account's previous state. Refused (42501) for anyone but an admin; an admin cannot
-- deactivate their own account, and no change may leave the platform without an active admin
-- (the admins' rows are locked first, so two admins demoting each other at once cannot both
-- pass the count). Sessions of a deactivated account are deleted in the same transaction.
CREATE OR REPLACE FUNCTION app.admin_update_account(
  p_user_id uuid, p_role public.user_role, p_active boolean
) RETURNS TABLE (old_role public.user_role, was_active boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_old_role public.user_role;
  v_was_active boolean;
  v_new_role public.user_role;
  v_new_active boolean;
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'only admins manage accounts' USING ERRCODE = '42501';
  END IF;
  PERFORM 1 FROM public.users u WHERE u.role = 'admin' ORDER BY u.id FOR UPDATE;
  SELECT u.role, u.deactivated_at IS NULL INTO v_old_role, v_was_active
    FROM public.users u WHERE u.id = p_user_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such account' USING ERRCODE = 'AC404';
  END IF;
  v_new_role := coalesce(p_role, v_old_role);
  v_new_active := coalesce(p_active, v_was_active);
  IF p_user_id = auth.uid() AND NOT v_new_active THEN
    RAISE EXCEPTION 'an admin cannot deactivate their own account' USING ERRCODE = 'AC409';
  END IF;
  IF v_old_role = 'admin' AND v_was_active AND (v_new_role <> 'admin' OR NOT v_new_active)
     AND NOT EXISTS (SELECT 1 FROM public.users u
                      WHERE u.role = 'admin' AND u.deactivated_at IS NULL AND u.id <> p_user_id) THEN
    RAISE EXCEPTION 'the last active admin stays an admin' USING ERRCODE = 'AC409';
  END IF;
  UPDATE public.users u
     SET role = v_new_role,
         deactivated_at = CASE WHEN v_new_active THEN NULL ELSE coalesce(u.deactivated_at, now()) END,
         updated_at = now()
   WHERE u.id = p_user_id;
  IF NOT v_new_active THEN
    DELETE FROM public.sessions s WHERE s.user_id = p_user_id;
  END IF;
  IF v_new_role <> v_old_role THEN
    INSERT INTO public.audit_events (type, actor_id, target_user_id, detail)
    VALUES ('role_changed', auth.uid(), p_user_id, jsonb_build_object('from', v_old_role, 'to', v_new_role));
  END IF;
  IF v_new_active <> v_was_active THEN
    INSERT INTO public.audit_events (type, actor_id, target_user_id, detail)
    VALUES (CASE WHEN v_new_active THEN 'account_reactivated' ELSE 'account_deactivated' END, auth.uid(), p_user_id, '{}'::jsonb);
  END IF;
  RETURN QUERY SELECT v_old_role, v_was_active;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.admin_update_account(uuid, public.user_role, boolean) FROM PUBLIC, anon;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.admin_update_account(uuid, public.user_role, boolean) TO authenticated;
--> statement-breakpoint
ALTER FUNCTION app.admin_update_account(uuid, public.user_role, boolean) OWNER TO service_role;
