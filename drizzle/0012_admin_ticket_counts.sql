-- Dashboard counts under RLS. Enum comparisons (enum_eq) are not leakproof, so under RLS
-- `status IN ('open', 'in_progress')` could not be an index condition: "assigned to me"
-- fetched every ticket ever assigned to the admin from the heap (200 ms at 1M tickets).
-- For admins only, this function counts through the indexes (each count stops at p_cap + 1)
-- and returns four numbers, no rows. Owned by service_role (BYPASSRLS), like
-- admin_search_ticket_ids().
CREATE OR REPLACE FUNCTION public.admin_ticket_counts(p_viewer uuid, p_cap integer)
RETURNS TABLE (open integer, in_progress integer, unassigned integer, mine integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.status = 'open' LIMIT p_cap + 1) s)::integer,
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.status = 'in_progress' LIMIT p_cap + 1) s)::integer,
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.assigned_to IS NULL AND t.status IN ('open', 'in_progress') LIMIT p_cap + 1) s)::integer,
    (SELECT count(*) FROM (SELECT 1 FROM public.support_tickets t
       WHERE t.assigned_to = p_viewer AND t.status IN ('open', 'in_progress') LIMIT p_cap + 1) s)::integer;
END
$$;
--> statement-breakpoint
ALTER FUNCTION public.admin_ticket_counts(uuid, integer) OWNER TO service_role;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.admin_ticket_counts(uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.admin_ticket_counts(uuid, integer) TO authenticated;
