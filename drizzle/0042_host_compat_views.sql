-- Issue 20, host mode, step 5 (docs/supabase.md, section 5): the app's own queries read the
-- host's users, courses, appointments and orders. In host mode every transaction the app opens
-- (withUser, withAnon, withServiceRole, the worker's asServiceRole) puts schema host_compat first
-- on its search_path (src/server/db/client.ts, hostSearchPath), and host_compat holds four
-- views named like the standalone tables, with their columns, over the contract's platform.*
-- views: Drizzle writes these four tables unqualified, so no repository changes. A standalone
-- install skips all of this (its transactions never name host_compat).
--
-- The platform.* views bypass the host's RLS and `authenticated` has no grant on them; these
-- views are owned by the migrating role too, so each repeats, row by row, what our policies on
-- the standalone tables let the caller see (0001, 0015), as security barriers (a caller's
-- leaky function or operator sees no row the filter drops). A role that bypasses RLS
-- (service_role, the worker's and the system's work) sees every row, as it does standalone.
-- What the contract does not have: email_verified (the host verified its users: true), image
-- (null), deactivated_at (null: a user the host removes leaves platform.users, which signs them
-- out), created_at and updated_at of users, courses and appointments (null).
DO $host$
BEGIN
  IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN
    RETURN;
  END IF;

  CREATE SCHEMA IF NOT EXISTS host_compat;
  REVOKE ALL ON SCHEMA host_compat FROM PUBLIC;
  GRANT USAGE ON SCHEMA host_compat TO authenticated, service_role;

  CREATE OR REPLACE VIEW host_compat.users WITH (security_barrier) AS
    SELECT u.id, btrim(u.first_name || ' ' || u.last_name) AS name, u.email, true AS email_verified,
           NULL::text AS image, u.first_name, u.last_name, u.role, u.locale,
           NULL::timestamptz AS deactivated_at, NULL::timestamptz AS created_at, NULL::timestamptz AS updated_at
      FROM platform.users u
     WHERE (SELECT r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
        OR u.id = (SELECT auth.uid())
        OR (SELECT app.is_admin())
        OR public.shares_appointment_with(u.id);

  CREATE OR REPLACE VIEW host_compat.courses WITH (security_barrier) AS
    SELECT c.id, c.code, c.title, c.subject, NULL::timestamptz AS created_at
      FROM platform.courses c;

  CREATE OR REPLACE VIEW host_compat.appointments WITH (security_barrier) AS
    SELECT a.id, a.student_id, a.tutor_id, a.course_id, a.starts_at, a.duration_minutes, a.status,
           NULL::timestamptz AS created_at
      FROM platform.appointments a
     WHERE (SELECT r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
        OR a.student_id = (SELECT auth.uid())
        OR a.tutor_id = (SELECT auth.uid())
        OR (SELECT app.is_admin());

  CREATE OR REPLACE VIEW host_compat.orders WITH (security_barrier) AS
    SELECT o.id, o.user_id, o.description, o.total_cents, o.currency, o.status, o.created_at
      FROM platform.orders o
     WHERE (SELECT r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
        OR o.user_id = (SELECT auth.uid())
        OR (SELECT app.is_admin());

  REVOKE ALL ON host_compat.users, host_compat.courses, host_compat.appointments, host_compat.orders FROM PUBLIC;
  GRANT SELECT ON host_compat.users, host_compat.courses, host_compat.appointments, host_compat.orders
    TO authenticated, service_role;
END $host$;
