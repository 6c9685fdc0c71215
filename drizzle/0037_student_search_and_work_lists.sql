-- Issue 17: the admin list's student filter (a type-ahead over students) and the dashboard's
-- work lists, each on an index at 1M tickets / many accounts.
--
-- 1. Student type-ahead. `ILIKE` and `lower()` are not leakproof: under RLS PostgreSQL applies
--    the users policy first and cannot use an index for them (a rare prefix read every account).
--    As admin_search_ticket_ids() does for words (0011), this function, for admins only, asks
--    prefix indexes which students match and returns ids; the caller reads those rows under RLS.
--    Prefixes of the email, of "first last" and of the last name, case- and accent-folded
--    (translate(): immutable and needs no extension, unlike unaccent()). Measured with 420k
--    students and 1M tickets: the accounts page's contains-ILIKE under RLS took 2.1 s for a rare
--    text (it walked every account); this function and the read of its ids, 0.4-3 ms.
CREATE OR REPLACE FUNCTION app.fold_name(p_text text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = ''
AS $$ SELECT translate(lower(p_text), 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy') $$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE INDEX IF NOT EXISTS users_student_email_prefix_idx
  ON public.users (app.fold_name(email) text_pattern_ops) WHERE role = 'student';$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE INDEX IF NOT EXISTS users_student_full_name_prefix_idx
  ON public.users (app.fold_name(first_name || ' ' || last_name) text_pattern_ops) WHERE role = 'student';$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE INDEX IF NOT EXISTS users_student_last_name_prefix_idx
  ON public.users (app.fold_name(last_name) text_pattern_ops) WHERE role = 'student';$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.admin_search_student_ids(p_text text, p_limit integer)
RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_pattern text;
  v_ids uuid[];
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
  END IF;
  -- A literal prefix: LIKE's wildcards and escape character in the text are escaped.
  v_pattern := replace(replace(replace(app.fold_name(p_text), '\', '\\'), '%', '\%'), '_', '\_') || '%';
  -- format(%L): the pattern is a constant the planner turns into an index range (a parameter
  -- in a cached plan could not be). Each branch stops at p_limit rows.
  EXECUTE format($q$
    SELECT array_agg(m.id) FROM (
      SELECT s.id FROM (
        (SELECT u.id FROM public.users u WHERE u.role = 'student'
           AND app.fold_name(u.email) LIKE %1$L LIMIT %2$s)
        UNION
        (SELECT u.id FROM public.users u WHERE u.role = 'student'
           AND app.fold_name(u.first_name || ' ' || u.last_name) LIKE %1$L LIMIT %2$s)
        UNION
        (SELECT u.id FROM public.users u WHERE u.role = 'student'
           AND app.fold_name(u.last_name) LIKE %1$L LIMIT %2$s)
      ) s LIMIT %2$s
    ) m $q$, v_pattern, greatest(p_limit, 0))
  INTO v_ids;
  RETURN coalesce(v_ids, '{}'::uuid[]);
END
$$;
--> statement-breakpoint
ALTER FUNCTION public.admin_search_student_ids(text, integer) OWNER TO service_role;
--> statement-breakpoint
-- PUBLIC, and anon by name: Supabase's default privileges grant it every new function of public (0017).
REVOKE ALL ON FUNCTION public.admin_search_student_ids(text, integer) FROM PUBLIC, anon;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.admin_search_student_ids(text, integer) TO authenticated;
--> statement-breakpoint
-- 2. The dashboard's unresolved work (status_rank 1-2: open, in progress). Partial indexes hold
--    unresolved tickets only (a small part of the table): the oldest / newest unresolved in
--    created order, an admin's unresolved by last update, and counts by priority. Smallint
--    comparisons are leakproof, so these serve queries under RLS.
CREATE INDEX IF NOT EXISTS support_tickets_unresolved_created_at_id_idx
  ON public.support_tickets (created_at, id) WHERE status_rank <= 2;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS support_tickets_unresolved_assigned_updated_idx
  ON public.support_tickets (assigned_to, updated_at, id) WHERE status_rank <= 2;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS support_tickets_unresolved_priority_idx
  ON public.support_tickets (priority_rank) WHERE status_rank <= 2;
--> statement-breakpoint
-- The unresolved counts (total and by priority), each stopping at p_cap + 1. Under RLS the
-- policy needs each row's heap tuple, and PostgreSQL chose a bitmap scan of the whole priority
-- (25 000-40 000 entries, 89 ms for the five counts at 1M tickets); as admin_ticket_counts()
-- (0012), this function, for admins only, counts on the partial indexes above (index-only
-- scans that stop at p_cap + 1) and returns numbers, no rows.
CREATE OR REPLACE FUNCTION public.admin_unresolved_counts(p_cap integer)
RETURNS TABLE (total integer, low integer, medium integer, high integer, urgent integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.status_rank <= 2 LIMIT p_cap + 1) s)::integer,
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.status_rank <= 2 AND t.priority_rank = 1 LIMIT p_cap + 1) s)::integer,
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.status_rank <= 2 AND t.priority_rank = 2 LIMIT p_cap + 1) s)::integer,
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.status_rank <= 2 AND t.priority_rank = 3 LIMIT p_cap + 1) s)::integer,
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.status_rank <= 2 AND t.priority_rank = 4 LIMIT p_cap + 1) s)::integer;
END
$$;
--> statement-breakpoint
ALTER FUNCTION public.admin_unresolved_counts(integer) OWNER TO service_role;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.admin_unresolved_counts(integer) FROM PUBLIC, anon;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.admin_unresolved_counts(integer) TO authenticated;
