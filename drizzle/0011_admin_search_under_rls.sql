-- Full-text search under RLS. `@@` is not leakproof, so PostgreSQL evaluates the policies
-- before it and cannot use the GIN index for a query that RLS applies to: a rare word made
-- the admin list walk 200k rows (1.5 s at 1M tickets). This function, for admins only, asks
-- the GIN index which tickets match — when there are at most p_cap of them — and the list
-- query (still under RLS) then reads those ids by primary key. NULL means "too many to
-- list": the word is common, and walking the sort's index finds a page of matches quickly.
-- It is owned by service_role (BYPASSRLS) so that it can use the index; it returns ids only.
GRANT CREATE ON SCHEMA public TO service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.admin_search_ticket_ids(p_query tsquery, p_cap integer)
RETURNS uuid[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_plan json;
  v_ids uuid[];
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
  END IF;
  -- Ask the planner first (statistics only, no data read): words estimated to match many
  -- tickets are common, and reading thousands of matches just to say so would cost more
  -- than the page itself.
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM public.support_tickets t WHERE t.search_vector @@ $1'
    INTO v_plan USING p_query;
  IF (v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric > p_cap * 4 THEN
    RETURN NULL;
  END IF;
  -- EXECUTE: planned with the actual query each time, so the planner uses the
  -- search_vector statistics (a cached generic plan would not know how rare the words are).
  EXECUTE 'SELECT array_agg(s.id) FROM (SELECT t.id FROM public.support_tickets t WHERE t.search_vector @@ $1 LIMIT $2) s'
    INTO v_ids USING p_query, p_cap + 1;
  IF coalesce(array_length(v_ids, 1), 0) > p_cap THEN
    RETURN NULL;
  END IF;
  RETURN coalesce(v_ids, '{}'::uuid[]);
END
$$;
--> statement-breakpoint
ALTER FUNCTION public.admin_search_ticket_ids(tsquery, integer) OWNER TO service_role;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.admin_search_ticket_ids(tsquery, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.admin_search_ticket_ids(tsquery, integer) TO authenticated;
--> statement-breakpoint
-- Rare words are only estimated well with a large sample of the vector's lexemes.
ALTER TABLE public.support_tickets ALTER COLUMN search_vector SET STATISTICS 10000;
