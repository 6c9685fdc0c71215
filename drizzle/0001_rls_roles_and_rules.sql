-- Row-level security, Supabase style. Roles are cluster-wide, so every CREATE is
-- idempotent and tolerates another database's migration creating the same role at once.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
-- The app's login role switches into these roles per transaction (SET LOCAL ROLE).
-- A superuser needs no membership; on managed servers (Supabase, RDS) it is usually granted already.
DO $$ BEGIN
  EXECUTE format('GRANT anon, authenticated, service_role TO %I', current_user);
EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
  RAISE NOTICE 'could not grant anon/authenticated/service_role to %: grant it by hand', current_user;
END $$;
--> statement-breakpoint
-- auth.uid() is Supabase's: on Supabase it exists (owned by supabase_auth_admin, in a schema
-- `postgres` may not write to since April 2025) and is never created or replaced here. Only
-- where it is missing (plain or embedded PostgreSQL) is it created, reading both claim forms
-- exactly as Supabase's does: the legacy `request.jwt.claim.sub` and the JSON
-- `request.jwt.claims` that PostgREST and supabase-js set.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'auth') THEN
    CREATE SCHEMA auth;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'auth' AND p.proname = 'uid' AND p.pronargs = 0
  ) THEN
    CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE SET search_path = ''
    AS $uid$
      SELECT coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $uid$;
    GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
    GRANT EXECUTE ON FUNCTION auth.uid() TO anon, authenticated, service_role;
  END IF;
END $$;
--> statement-breakpoint
-- The app's own helpers live in a schema the app owns, never in Supabase's `auth`.
CREATE SCHEMA IF NOT EXISTS app;
--> statement-breakpoint
-- SECURITY DEFINER so policies can read the caller's role. Its owner owns "users",
-- whose RLS is enabled but not forced, so the lookup never re-enters a policy.
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
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$GRANT ALL ON ALL TABLES IN SCHEMA public TO service_role;$statement$; ELSE EXECUTE $statement$GRANT ALL ON public.ticket_categories, public.support_tickets, public.ticket_messages, public.ticket_attachments, public.ticket_events, public.ticket_reads TO service_role;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO service_role;$statement$; ELSE EXECUTE $statement$GRANT ALL ON SEQUENCE public.support_tickets_number_seq TO service_role;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$GRANT SELECT ON public.users, public.courses, public.appointments, public.orders, public.ticket_categories TO authenticated;$statement$; ELSE EXECUTE $statement$GRANT SELECT ON public.ticket_categories TO authenticated;$statement$; END IF; END $platform$;
--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON public.ticket_categories TO authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.support_tickets, public.ticket_messages, public.ticket_attachments, public.ticket_events, public.ticket_reads TO authenticated;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO authenticated;$statement$; ELSE EXECUTE $statement$GRANT USAGE ON SEQUENCE public.support_tickets_number_seq TO authenticated;$statement$; END IF; END $platform$;
--> statement-breakpoint
-- better-auth's own tables (sessions, accounts, verifications) get no grant at all:
-- only the login role that runs better-auth touches them.

-- users: RLS enabled but NOT forced, so better-auth (running as the owner) works unchanged
-- while the authenticated role sees itself, admins see everyone, and students/tutors see
-- the other party of their own appointments (tutor names in the ticket form).
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE POLICY users_select ON public.users FOR SELECT TO authenticated USING (
  id = (SELECT auth.uid())
  OR (SELECT app.is_admin())
  OR EXISTS (
    SELECT 1 FROM public.appointments a
    WHERE (a.student_id = (SELECT auth.uid()) AND a.tutor_id = users.id)
       OR (a.tutor_id = (SELECT auth.uid()) AND a.student_id = users.id)
  )
);$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.courses ENABLE ROW LEVEL SECURITY;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.courses FORCE ROW LEVEL SECURITY;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE POLICY courses_select ON public.courses FOR SELECT TO authenticated USING (true);$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.appointments ENABLE ROW LEVEL SECURITY;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.appointments FORCE ROW LEVEL SECURITY;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE POLICY appointments_select ON public.appointments FOR SELECT TO authenticated USING (
  student_id = (SELECT auth.uid()) OR tutor_id = (SELECT auth.uid()) OR (SELECT app.is_admin())
);$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$ALTER TABLE public.orders FORCE ROW LEVEL SECURITY;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE POLICY orders_select ON public.orders FOR SELECT TO authenticated USING (
  user_id = (SELECT auth.uid()) OR (SELECT app.is_admin())
);$statement$; END IF; END $platform$;
--> statement-breakpoint
ALTER TABLE public.ticket_categories ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_categories FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_categories_select ON public.ticket_categories FOR SELECT TO authenticated USING (true);
--> statement-breakpoint
CREATE POLICY ticket_categories_admin_write ON public.ticket_categories FOR ALL TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
-- support_tickets (plan section 2): students their own, admins all, tutors none.
ALTER TABLE public.support_tickets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.support_tickets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY support_tickets_select ON public.support_tickets FOR SELECT TO authenticated USING (
  (SELECT app.is_admin())
  OR (user_id = (SELECT auth.uid()) AND (SELECT app.user_role()) = 'student')
);
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE POLICY support_tickets_insert ON public.support_tickets FOR INSERT TO authenticated WITH CHECK (
  (SELECT app.is_admin())
  OR (
    user_id = (SELECT auth.uid())
    AND (SELECT app.user_role()) = 'student'
    AND (appointment_id IS NULL OR EXISTS (
      SELECT 1 FROM public.appointments a WHERE a.id = appointment_id AND a.student_id = (SELECT auth.uid())))
    AND (order_id IS NULL OR EXISTS (
      SELECT 1 FROM public.orders o WHERE o.id = order_id AND o.user_id = (SELECT auth.uid())))
  )
);$statement$; END IF; END $platform$;
--> statement-breakpoint
-- A student may only touch a ticket that is not closed: a closed ticket can never be reopened by them.
CREATE POLICY support_tickets_update ON public.support_tickets FOR UPDATE TO authenticated
USING (
  (SELECT app.is_admin())
  OR (user_id = (SELECT auth.uid()) AND (SELECT app.user_role()) = 'student' AND status <> 'closed')
)
WITH CHECK (
  (SELECT app.is_admin())
  OR (user_id = (SELECT auth.uid()) AND (SELECT app.user_role()) = 'student')
);
--> statement-breakpoint
CREATE POLICY support_tickets_delete ON public.support_tickets FOR DELETE TO authenticated USING ((SELECT app.is_admin()));
--> statement-breakpoint
-- The status machine, the database's copy of src/features/tickets/status-machine.ts
-- (a test checks that both agree on every pair).
CREATE OR REPLACE FUNCTION public.ticket_status_transition_allowed(
  from_status public.ticket_status, to_status public.ticket_status, by_admin boolean
) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = ''
AS $$
  SELECT CASE
    WHEN from_status = to_status THEN false
    WHEN by_admin THEN true
    WHEN from_status <> 'closed' AND to_status = 'closed' THEN true
    WHEN from_status = 'resolved' AND to_status = 'open' THEN true
    ELSE false
  END
$$;
--> statement-breakpoint
-- Column and status rules for users of the app. resolved_at and updated_at are derived
-- for everyone; the checks apply to the authenticated role (maintenance roles are trusted).
-- SQLSTATEs TK001 (transition refused) and TK002 (field not allowed) are mapped in src/server/errors.ts.
CREATE OR REPLACE FUNCTION public.support_tickets_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = ''
AS $$
DECLARE
  v_is_admin boolean;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := now();
    IF NEW.status = 'resolved' AND OLD.status IS DISTINCT FROM 'resolved' THEN
      NEW.resolved_at := now();
    ELSIF NEW.status IN ('open', 'in_progress') THEN
      NEW.resolved_at := NULL;
    ELSE
      -- closing (it keeps when it was resolved, if it was) or no status change
      NEW.resolved_at := OLD.resolved_at;
    END IF;
  ELSIF NEW.status = 'resolved' AND NEW.resolved_at IS NULL THEN
    NEW.resolved_at := now();
  END IF;

  IF current_user <> 'authenticated' THEN
    RETURN NEW;
  END IF;
  v_is_admin := app.is_admin();

  IF TG_OP = 'INSERT' THEN
    IF NOT v_is_admin AND (NEW.status <> 'open' OR NEW.priority <> 'medium'
        OR NEW.assigned_to IS NOT NULL OR NEW.resolved_at IS NOT NULL) THEN
      RAISE EXCEPTION 'students cannot set status, priority or assignee' USING ERRCODE = 'TK002';
    END IF;
    IF NEW.assigned_to IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM public.users u WHERE u.id = NEW.assigned_to AND u.role = 'admin') THEN
      RAISE EXCEPTION 'tickets can only be assigned to admins' USING ERRCODE = 'TK003';
    END IF;
    NEW.created_at := now();
    NEW.updated_at := now();
    RETURN NEW;
  END IF;

  IF NEW.status IS DISTINCT FROM OLD.status
     AND NOT public.ticket_status_transition_allowed(OLD.status, NEW.status, v_is_admin) THEN
    RAISE EXCEPTION 'status transition % -> % not allowed', OLD.status, NEW.status USING ERRCODE = 'TK001';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.number IS DISTINCT FROM OLD.number
     OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'ticket identity cannot change' USING ERRCODE = 'TK002';
  END IF;
  IF NOT v_is_admin AND (
       NEW.subject IS DISTINCT FROM OLD.subject OR NEW.description IS DISTINCT FROM OLD.description
    OR NEW.category IS DISTINCT FROM OLD.category OR NEW.priority IS DISTINCT FROM OLD.priority
    OR NEW.assigned_to IS DISTINCT FROM OLD.assigned_to OR NEW.appointment_id IS DISTINCT FROM OLD.appointment_id
    OR NEW.order_id IS DISTINCT FROM OLD.order_id) THEN
    RAISE EXCEPTION 'students can only change the status of their ticket' USING ERRCODE = 'TK002';
  END IF;
  IF NEW.assigned_to IS DISTINCT FROM OLD.assigned_to AND NEW.assigned_to IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM public.users u WHERE u.id = NEW.assigned_to AND u.role = 'admin') THEN
    RAISE EXCEPTION 'tickets can only be assigned to admins' USING ERRCODE = 'TK003';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER support_tickets_guard BEFORE INSERT OR UPDATE ON public.support_tickets
  FOR EACH ROW EXECUTE FUNCTION public.support_tickets_guard();
--> statement-breakpoint
-- ticket_messages: students see and add only public messages on their own tickets, and
-- cannot write on a closed ticket; everyone writes as themselves; only admins edit or delete.
ALTER TABLE public.ticket_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_messages_select ON public.ticket_messages FOR SELECT TO authenticated USING (
  (SELECT app.is_admin())
  OR (NOT is_internal AND EXISTS (
    SELECT 1 FROM public.support_tickets t WHERE t.id = ticket_id AND t.user_id = (SELECT auth.uid())))
);
--> statement-breakpoint
CREATE POLICY ticket_messages_insert ON public.ticket_messages FOR INSERT TO authenticated WITH CHECK (
  user_id = (SELECT auth.uid())
  AND (
    (SELECT app.is_admin())
    OR (NOT is_internal AND EXISTS (
      SELECT 1 FROM public.support_tickets t
      WHERE t.id = ticket_id AND t.user_id = (SELECT auth.uid()) AND t.status <> 'closed'))
  )
);
--> statement-breakpoint
CREATE POLICY ticket_messages_update ON public.ticket_messages FOR UPDATE TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY ticket_messages_delete ON public.ticket_messages FOR DELETE TO authenticated USING ((SELECT app.is_admin()));
--> statement-breakpoint
-- ticket_attachments: same visibility as the message they belong to.
ALTER TABLE public.ticket_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_attachments_select ON public.ticket_attachments FOR SELECT TO authenticated USING (
  (SELECT app.is_admin())
  OR (
    EXISTS (SELECT 1 FROM public.support_tickets t WHERE t.id = ticket_id AND t.user_id = (SELECT auth.uid()))
    AND (message_id IS NULL OR EXISTS (
      SELECT 1 FROM public.ticket_messages m WHERE m.id = message_id AND NOT m.is_internal))
  )
);
--> statement-breakpoint
CREATE POLICY ticket_attachments_insert ON public.ticket_attachments FOR INSERT TO authenticated WITH CHECK (
  uploaded_by = (SELECT auth.uid())
  AND (
    (SELECT app.is_admin())
    OR (
      EXISTS (SELECT 1 FROM public.support_tickets t
              WHERE t.id = ticket_id AND t.user_id = (SELECT auth.uid()) AND t.status <> 'closed')
      AND (message_id IS NULL OR EXISTS (
        SELECT 1 FROM public.ticket_messages m
        WHERE m.id = message_id AND m.ticket_id = ticket_attachments.ticket_id
          AND NOT m.is_internal AND m.user_id = (SELECT auth.uid())))
    )
  )
);
--> statement-breakpoint
CREATE POLICY ticket_attachments_update ON public.ticket_attachments FOR UPDATE TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY ticket_attachments_delete ON public.ticket_attachments FOR DELETE TO authenticated USING ((SELECT app.is_admin()));
--> statement-breakpoint
-- ticket_events: append-only history. Admins read it; everyone writes events as themselves,
-- students only the kinds of event their own actions produce. Nobody edits or deletes history.
ALTER TABLE public.ticket_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_events_select ON public.ticket_events FOR SELECT TO authenticated USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY ticket_events_insert ON public.ticket_events FOR INSERT TO authenticated WITH CHECK (
  actor_id = (SELECT auth.uid())
  AND (
    (SELECT app.is_admin())
    OR (
      type IN ('created', 'status_changed', 'message_added', 'attachment_added')
      AND EXISTS (SELECT 1 FROM public.support_tickets t WHERE t.id = ticket_id AND t.user_id = (SELECT auth.uid()))
    )
  )
);
--> statement-breakpoint
-- ticket_reads: each user keeps only their own read markers, on tickets they can see.
ALTER TABLE public.ticket_reads ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_reads FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_reads_own ON public.ticket_reads FOR ALL TO authenticated
USING (user_id = (SELECT auth.uid()))
WITH CHECK (
  user_id = (SELECT auth.uid())
  AND EXISTS (SELECT 1 FROM public.support_tickets t WHERE t.id = ticket_id)
);
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO service_role;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO service_role;
