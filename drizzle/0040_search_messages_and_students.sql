-- Issue 17, "search that finds what agents type": the admin search also finds text in any
-- message of the thread (public replies and internal notes: the search is for admins only) and
-- the student's name or email (migration 0037's admin_search_student_ids).
--
-- 1. ticket_messages.search_vector: the message unaccented, French-stemmed and as written, like
--    support_tickets.search_vector (0004, 0009). A plain nullable column, not a generated one:
--    adding a stored generated column rewrites the table under an ACCESS EXCLUSIVE lock (5M
--    messages), adding a nullable column without default only touches the catalog. A trigger
--    fills it for new and edited messages; messages older than this migration are filled in
--    committed batches by app.message_search_backfill_batch() (the worker's
--    message_search_backfill job, or `npm run search:backfill`; docs/benchmarks.md). A small
--    database (at most 50 000 messages) is filled here at once.
CREATE OR REPLACE FUNCTION app.message_search_vector(p_text text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = ''
AS $$ SELECT to_tsvector('public.ticket_search'::regconfig, p_text) || to_tsvector('public.ticket_search_simple'::regconfig, p_text) $$;
--> statement-breakpoint
ALTER TABLE public.ticket_messages ADD COLUMN IF NOT EXISTS search_vector tsvector;
--> statement-breakpoint
-- The one source of the vector: whatever a statement writes into the column is replaced.
CREATE OR REPLACE FUNCTION app.ticket_messages_search_vector() RETURNS trigger
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
  NEW.search_vector := app.message_search_vector(NEW.message);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_messages_search_vector BEFORE INSERT OR UPDATE OF message, search_vector
  ON public.ticket_messages FOR EACH ROW EXECUTE FUNCTION app.ticket_messages_search_vector();
--> statement-breakpoint
DO $$
BEGIN
  IF (SELECT count(*) FROM (SELECT 1 FROM public.ticket_messages LIMIT 50001) s) <= 50000 THEN
    UPDATE public.ticket_messages SET search_vector = NULL;
  END IF;
END
$$;
--> statement-breakpoint
-- Built while the column is still mostly NULL (the migration's transaction holds the table's lock
-- from the ADD COLUMN on): one read of the table, no vectors to sort. Measured in docs/benchmarks.md.
CREATE INDEX IF NOT EXISTS ticket_messages_search_idx ON public.ticket_messages USING gin (search_vector);
--> statement-breakpoint
-- One batch of the backfill (service role): the next p_limit messages after p_after in id order
-- whose vector is missing get it (the trigger computes it). Returns the last id it looked at, or
-- NULL when there is nothing after p_after. Only rows still NULL are written, so running it again
-- (or from the start) costs a read, not a rewrite.
CREATE OR REPLACE FUNCTION app.message_search_backfill_batch(p_after uuid, p_limit integer)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_ids uuid[];
BEGIN
  IF current_setting('role', true) IS DISTINCT FROM 'service_role' AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'service role only' USING ERRCODE = '42501';
  END IF;
  SELECT array_agg(b.id ORDER BY b.id) INTO v_ids FROM (
    SELECT m.id FROM public.ticket_messages m
     WHERE p_after IS NULL OR m.id > p_after
     ORDER BY m.id LIMIT greatest(p_limit, 1)
  ) b;
  IF v_ids IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE public.ticket_messages m SET search_vector = NULL
   WHERE m.id = ANY(v_ids) AND m.search_vector IS NULL;
  RETURN v_ids[cardinality(v_ids)];
END
$$;
--> statement-breakpoint
ALTER FUNCTION app.message_search_backfill_batch(uuid, integer) OWNER TO service_role;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.message_search_backfill_batch(uuid, integer) FROM PUBLIC;
--> statement-breakpoint
-- 2. Which tickets have a message matching the words. As admin_search_ticket_ids() (0011): under
--    RLS `@@` is not leakproof and the GIN index cannot serve it, so this function, for admins
--    only, asks the index and returns ticket ids, which the list reads under RLS by primary key.
--    NULL means "too many to list": the caller then keeps an EXISTS probe per ticket, and walking
--    the sort's index meets a page of matches after a few rows.
--    Common words are told by the planner's estimate (statistics only, no data read), as in 0011;
--    the read then stops at p_cap * 4 messages whatever the estimate said. (PostgreSQL estimates a
--    prefix term from the statistics only when they hold enough distinct lexemes, about a hundred:
--    on a vocabulary smaller than that, every `word:*` is estimated at 2 % of the rows.)
CREATE OR REPLACE FUNCTION public.admin_search_message_ticket_ids(p_query tsquery, p_cap integer)
RETURNS uuid[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_plan json;
  v_read integer;
  v_ids uuid[];
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
  END IF;
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM public.ticket_messages m WHERE m.search_vector @@ $1'
    INTO v_plan USING p_query;
  IF (v_plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric > p_cap * 4 THEN
    RETURN NULL;
  END IF;
  -- EXECUTE: planned with the actual query (the statistics of its words), never a sequential
  -- scan (function-level enable_seqscan below): the GIN index, then at most p_cap * 4 rows.
  EXECUTE 'SELECT count(*)::integer, array_agg(DISTINCT s.ticket_id) FROM ('
       || 'SELECT m.ticket_id FROM public.ticket_messages m WHERE m.search_vector @@ $1 LIMIT $2) s'
    INTO v_read, v_ids USING p_query, p_cap * 4 + 1;
  IF v_read > p_cap * 4 OR coalesce(array_length(v_ids, 1), 0) > p_cap THEN
    RETURN NULL;
  END IF;
  RETURN coalesce(v_ids, '{}'::uuid[]);
END
$$;
--> statement-breakpoint
ALTER FUNCTION public.admin_search_message_ticket_ids(tsquery, integer) SET enable_seqscan = off;
--> statement-breakpoint
ALTER FUNCTION public.admin_search_message_ticket_ids(tsquery, integer) OWNER TO service_role;
--> statement-breakpoint
-- PUBLIC, and anon by name: Supabase's default privileges grant it every new function of public (0017).
REVOKE ALL ON FUNCTION public.admin_search_message_ticket_ids(tsquery, integer) FROM PUBLIC, anon;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.admin_search_message_ticket_ids(tsquery, integer) TO authenticated;
--> statement-breakpoint
-- Rare words are only estimated well with a large sample of the vector's lexemes (as 0011 does
-- for the tickets' vector). Catalog only: the next ANALYZE reads the larger sample.
ALTER TABLE public.ticket_messages ALTER COLUMN search_vector SET STATISTICS 10000;
