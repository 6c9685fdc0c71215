-- Issue 16, satisfaction and analytics (the SLA part is another migration).
--
-- 1. ticket_ratings: a student's 1–5 rating of one resolution of their ticket (unique per
--    ticket and resolved_at: a reopen + resolve is a new resolution, so a new rating), with an
--    optional comment; changeable for 7 days after it was given; only by the ticket's student,
--    only while that resolution stands (resolved or closed since). Admins read them.
-- 2. analytics_daily: daily aggregates by (local day, category, admin), kept exact by
--    statement-level triggers on support_tickets, ticket_messages and ticket_ratings, in the
--    change's own transaction (the pipeline's), so a dashboard sums at most a few rows per day
--    instead of scanning tickets and messages. Each figure but backlog_net is the sum, over the
--    current rows, of what each row contributes (a trigger subtracts what the old row gave and
--    adds what the new one gives), so it always equals a GROUP BY over the raw tables
--    (tests/integration/analytics-aggregates.test.ts checks it after random changes).
--    backlog_net is a flow: +1/−1 on the day a ticket enters/leaves the backlog.
--    See docs/analytics.md.
-- 3. analytics_state: the time zone of the days, and the batched backfill of tickets that
--    existed before this migration (the worker's analytics_backfill job, or
--    `npm run analytics:backfill`); until it is done the triggers count only what it covered.
ALTER TYPE public.ticket_event_type ADD VALUE IF NOT EXISTS 'rated';
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.ticket_ratings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES public.support_tickets(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  -- The resolution rated: the ticket's resolved_at when the rating was given.
  resolved_at timestamptz NOT NULL,
  score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment text CHECK (comment IS NULL OR char_length(comment) BETWEEN 1 AND 1000),
  -- Where the analytics count it, fixed when it is given (the guard trigger): the ticket's
  -- category and assignee then. Never shown to students (not in their DTO).
  category text NOT NULL REFERENCES public.ticket_categories(slug) ON UPDATE CASCADE,
  admin_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ticket_ratings_one_per_resolution UNIQUE (ticket_id, resolved_at)
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.ticket_ratings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES public.support_tickets(id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  resolved_at timestamptz NOT NULL,
  score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment text CHECK (comment IS NULL OR char_length(comment) BETWEEN 1 AND 1000),
  category text NOT NULL REFERENCES public.ticket_categories(slug) ON UPDATE CASCADE,
  admin_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ticket_ratings_one_per_resolution UNIQUE (ticket_id, resolved_at)
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX ticket_ratings_user_id_idx ON public.ticket_ratings (user_id);
--> statement-breakpoint
CREATE INDEX ticket_ratings_category_idx ON public.ticket_ratings (category);
--> statement-breakpoint
ALTER TABLE public.ticket_ratings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_ratings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.ticket_ratings FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
-- Students write only the score and the comment (and which resolution, checked below).
GRANT SELECT ON public.ticket_ratings TO authenticated;
--> statement-breakpoint
GRANT INSERT (ticket_id, user_id, resolved_at, score, comment) ON public.ticket_ratings TO authenticated;
--> statement-breakpoint
GRANT UPDATE (score, comment, updated_at) ON public.ticket_ratings TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.ticket_ratings TO service_role;
--> statement-breakpoint
CREATE POLICY ticket_ratings_select ON public.ticket_ratings FOR SELECT TO authenticated USING (
  (SELECT app.is_admin()) OR user_id = (SELECT auth.uid())
);
--> statement-breakpoint
-- Only the ticket's student, only the resolution that stands now.
CREATE POLICY ticket_ratings_insert ON public.ticket_ratings FOR INSERT TO authenticated WITH CHECK (
  user_id = (SELECT auth.uid())
  AND (SELECT app.user_role()) = 'student'
  AND EXISTS (
    SELECT 1 FROM public.support_tickets t
     WHERE t.id = ticket_id AND t.user_id = (SELECT auth.uid())
       AND t.status_rank >= 3 AND t.resolved_at = ticket_ratings.resolved_at)
);
--> statement-breakpoint
-- Changeable for 7 days after it was given (src/lib/rating-values.ts says the same), while
-- its resolution stands.
CREATE POLICY ticket_ratings_update ON public.ticket_ratings FOR UPDATE TO authenticated
USING (
  user_id = (SELECT auth.uid())
  AND created_at > now() - interval '7 days'
  AND EXISTS (
    SELECT 1 FROM public.support_tickets t
     WHERE t.id = ticket_id AND t.status_rank >= 3 AND t.resolved_at = ticket_ratings.resolved_at)
)
WITH CHECK (user_id = (SELECT auth.uid()));
--> statement-breakpoint
-- Stamps the times and the analytics' category and admin; nobody chooses them.
CREATE OR REPLACE FUNCTION public.ticket_ratings_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = ''
AS $$
DECLARE
  v_ticket record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT t.category, t.assigned_to INTO v_ticket FROM public.support_tickets t WHERE t.id = NEW.ticket_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'no such ticket' USING ERRCODE = '42501';
    END IF;
    NEW.category := v_ticket.category;
    NEW.admin_id := v_ticket.assigned_to;
    NEW.created_at := clock_timestamp();
    NEW.updated_at := NEW.created_at;
  ELSE
    NEW.updated_at := clock_timestamp();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_ratings_guard BEFORE INSERT OR UPDATE ON public.ticket_ratings
  FOR EACH ROW EXECUTE FUNCTION public.ticket_ratings_guard();
--> statement-breakpoint
-- Students write history rows of their own ratings too. `type::text`: the enum value added
-- above cannot be used as a literal in the transaction that adds it.
ALTER POLICY ticket_events_insert ON public.ticket_events WITH CHECK (
  actor_id = (SELECT auth.uid())
  AND (
    (SELECT app.is_admin())
    OR (
      type::text IN ('created', 'status_changed', 'message_added', 'attachment_added', 'rated')
      AND EXISTS (SELECT 1 FROM public.support_tickets t WHERE t.id = ticket_id AND t.user_id = (SELECT auth.uid()))
    )
  )
);
--> statement-breakpoint
CREATE TABLE public.analytics_daily (
  -- The local calendar day (analytics_state.time_zone) the figure belongs to.
  day date NOT NULL,
  category text NOT NULL REFERENCES public.ticket_categories(slug) ON UPDATE CASCADE,
  -- The ticket's assignee (null: unassigned); for first responses, the admin who answered.
  admin_id uuid,
  -- Tickets created that day (by their current category and assignee), and how many of them
  -- are still open or in progress (the backlog by age).
  created integer NOT NULL DEFAULT 0,
  open_now integer NOT NULL DEFAULT 0,
  -- Tickets that entered (+) or left (−) the backlog that day: the backlog at the end of a
  -- day is the sum of every day's flow up to it.
  backlog_net integer NOT NULL DEFAULT 0,
  -- Tickets whose current resolution is that day, and each one's creation → resolution
  -- time in wall-clock seconds (an unordered multiset: medians and p90 are exact).
  resolved integer NOT NULL DEFAULT 0,
  resolution_secs integer[] NOT NULL DEFAULT '{}',
  -- Tickets whose first public admin reply is that day, and its delay after creation.
  first_responses integer NOT NULL DEFAULT 0,
  first_response_secs integer[] NOT NULL DEFAULT '{}',
  -- Ratings of the resolutions of that day.
  csat_count integer NOT NULL DEFAULT 0,
  csat_sum integer NOT NULL DEFAULT 0,
  csat_1 integer NOT NULL DEFAULT 0,
  csat_2 integer NOT NULL DEFAULT 0,
  csat_3 integer NOT NULL DEFAULT 0,
  csat_4 integer NOT NULL DEFAULT 0,
  csat_5 integer NOT NULL DEFAULT 0,
  CONSTRAINT analytics_daily_key UNIQUE NULLS NOT DISTINCT (day, category, admin_id)
);
--> statement-breakpoint
CREATE INDEX analytics_daily_admin_id_day_idx ON public.analytics_daily (admin_id, day);
--> statement-breakpoint
CREATE INDEX analytics_daily_category_day_idx ON public.analytics_daily (category, day);
--> statement-breakpoint
CREATE TABLE public.analytics_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  time_zone text NOT NULL DEFAULT 'America/Toronto',
  -- Tickets created up to this time are counted by the backfill, in id order, up to
  -- backfill_after; later ones by the triggers from their creation on.
  backfill_cutoff timestamptz NOT NULL DEFAULT now(),
  backfill_after uuid,
  backfill_done boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- A new database has nothing to backfill.
INSERT INTO public.analytics_state (backfill_done) SELECT NOT EXISTS (SELECT 1 FROM public.support_tickets);
--> statement-breakpoint
ALTER TABLE public.analytics_daily ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.analytics_daily FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.analytics_state ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.analytics_state FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.analytics_daily, public.analytics_state FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.analytics_daily, public.analytics_state TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.analytics_daily, public.analytics_state TO service_role;
--> statement-breakpoint
CREATE POLICY analytics_daily_admin_select ON public.analytics_daily FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY analytics_state_admin_select ON public.analytics_state FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
-- A multiset of seconds plus a delta: values >= 0 are added, a value v < 0 removes one -v-1
-- (so that 0 can be removed too).
CREATE OR REPLACE FUNCTION app.analytics_merge_secs(p_current integer[], p_delta integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE SET search_path = ''
AS $$
BEGIN
  IF p_delta IS NULL OR cardinality(p_delta) = 0 THEN
    RETURN p_current;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM unnest(p_delta) v WHERE v < 0) THEN
    RETURN p_current || p_delta;
  END IF;
  RETURN (
    WITH cur AS (SELECT v, row_number() OVER (PARTITION BY v) AS n FROM unnest(p_current) v),
         rem AS (SELECT -v - 1 AS v, count(*) AS k FROM unnest(p_delta) v WHERE v < 0 GROUP BY 1)
    SELECT coalesce(array_agg(x.v), '{}') FROM (
      SELECT cur.v FROM cur LEFT JOIN rem ON rem.v = cur.v WHERE cur.n > coalesce(rem.k, 0)
      UNION ALL
      SELECT v FROM unnest(p_delta) v WHERE v >= 0
    ) x
  );
END
$$;
--> statement-breakpoint
-- The statement that adds contributions to analytics_daily, for the calling trigger function to
-- EXECUTE (transition tables are visible only in the trigger's own function). p_source is a query (text written in this file's
-- functions only, never from input) returning (day, category, admin_id, created, open_now,
-- backlog_net, resolved, res_sec, first_responses, fr_sec, csat_count, csat_sum, score, csat_sign)
-- where res_sec / fr_sec are one signed value each (see analytics_merge_secs) and
-- score/csat_sign say which csat_<score> moves. $1 is the time zone, $2 the
-- backfill state (done), $3 its cutoff, $4 its last ticket id (EXECUTE … USING).
CREATE OR REPLACE FUNCTION app.analytics_upsert_sql(p_source text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = ''
AS $$
  SELECT format($q$
    WITH c AS (%s)
    INSERT INTO public.analytics_daily AS d (day, category, admin_id, created, open_now, backlog_net, resolved,
      resolution_secs, first_responses, first_response_secs, csat_count, csat_sum, csat_1, csat_2, csat_3, csat_4, csat_5)
    SELECT c.day, c.category, c.admin_id, sum(c.created), sum(c.open_now), sum(c.backlog_net), sum(c.resolved),
           app.analytics_merge_secs('{}', coalesce(array_agg(c.res_sec) FILTER (WHERE c.res_sec IS NOT NULL), '{}')),
           sum(c.first_responses),
           app.analytics_merge_secs('{}', coalesce(array_agg(c.fr_sec) FILTER (WHERE c.fr_sec IS NOT NULL), '{}')),
           sum(c.csat_count), sum(c.csat_sum),
           coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 1), 0), coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 2), 0),
           coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 3), 0), coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 4), 0),
           coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 5), 0)
      FROM c
     GROUP BY c.day, c.category, c.admin_id
     -- One order for every writer: two transactions never wait on each other's rows in a cycle.
     ORDER BY c.day, c.category, c.admin_id NULLS FIRST
    ON CONFLICT ON CONSTRAINT analytics_daily_key DO UPDATE SET
      created = d.created + excluded.created,
      open_now = d.open_now + excluded.open_now,
      backlog_net = d.backlog_net + excluded.backlog_net,
      resolved = d.resolved + excluded.resolved,
      resolution_secs = app.analytics_merge_secs(d.resolution_secs, (
        SELECT coalesce(array_agg(c2.res_sec), '{}') FROM c c2
         WHERE c2.res_sec IS NOT NULL AND c2.day = excluded.day AND c2.category = excluded.category
           AND c2.admin_id IS NOT DISTINCT FROM excluded.admin_id)),
      first_responses = d.first_responses + excluded.first_responses,
      first_response_secs = app.analytics_merge_secs(d.first_response_secs, (
        SELECT coalesce(array_agg(c2.fr_sec), '{}') FROM c c2
         WHERE c2.fr_sec IS NOT NULL AND c2.day = excluded.day AND c2.category = excluded.category
           AND c2.admin_id IS NOT DISTINCT FROM excluded.admin_id)),
      csat_count = d.csat_count + excluded.csat_count,
      csat_sum = d.csat_sum + excluded.csat_sum,
      csat_1 = d.csat_1 + excluded.csat_1,
      csat_2 = d.csat_2 + excluded.csat_2,
      csat_3 = d.csat_3 + excluded.csat_3,
      csat_4 = d.csat_4 + excluded.csat_4,
      csat_5 = d.csat_5 + excluded.csat_5
  $q$, p_source)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.analytics_merge_secs(integer[], integer[]) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.analytics_upsert_sql(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.analytics_merge_secs(integer[], integer[]) TO service_role;
--> statement-breakpoint
-- What a set of signed ticket rows `s` (sign, id, category, assigned_to, status, created_at,
-- resolved_at, backlog_day) contributes. Open = open or in progress.
CREATE OR REPLACE FUNCTION app.analytics_ticket_source(p_rows text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = ''
AS $$
  SELECT format($q$
    WITH s AS (%s)
    SELECT (s.created_at AT TIME ZONE $1)::date AS day, s.category, s.assigned_to AS admin_id,
           s.sign AS created, CASE WHEN s.status IN ('open', 'in_progress') THEN s.sign ELSE 0 END AS open_now,
           0 AS backlog_net, 0 AS resolved, NULL::integer AS res_sec, 0 AS first_responses, NULL::integer AS fr_sec,
           0 AS csat_count, 0 AS csat_sum, NULL::integer AS score, 0 AS csat_sign
      FROM s
    UNION ALL
    SELECT (s.resolved_at AT TIME ZONE $1)::date, s.category, s.assigned_to, 0, 0, 0, s.sign,
           CASE WHEN s.sign > 0 THEN greatest(0, extract(epoch FROM s.resolved_at - s.created_at))::integer
                ELSE -greatest(0, extract(epoch FROM s.resolved_at - s.created_at))::integer - 1 END,
           0, NULL, 0, 0, NULL, 0
      FROM s WHERE s.resolved_at IS NOT NULL
    UNION ALL
    SELECT s.backlog_day, s.category, s.assigned_to, 0, 0, s.sign, 0, NULL, 0, NULL, 0, 0, NULL, 0
      FROM s WHERE s.status IN ('open', 'in_progress') AND s.backlog_day IS NOT NULL
  $q$, p_rows)
$$;
--> statement-breakpoint
-- Statement-level, so that a bulk import or seed is one set-based update, and a change of one
-- ticket one small one. Only what a ticket's analytics depend on counts: category, assignee,
-- status (open or not), creation and resolution times.
CREATE OR REPLACE FUNCTION app.analytics_tickets_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_state public.analytics_state;
  v_covered text := '($2 OR %1$s.created_at > $3 OR %1$s.id <= $4)';
  v_cols text := '%1$s.id, %1$s.category, %1$s.assigned_to, %1$s.status, %1$s.created_at, %1$s.resolved_at';
  v_today text := '(now() AT TIME ZONE $1)::date';
  v_rows text;
BEGIN
  SELECT * INTO v_state FROM public.analytics_state;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    -- A new ticket enters the backlog on its creation day.
    v_rows := format('SELECT 1 AS sign, ' || v_cols || ', (n.created_at AT TIME ZONE $1)::date AS backlog_day'
      || ' FROM new_rows n WHERE ' || v_covered, 'n');
  ELSIF TG_OP = 'DELETE' THEN
    v_rows := format('SELECT -1 AS sign, ' || v_cols || ', ' || v_today || ' AS backlog_day'
      || ' FROM old_rows o WHERE ' || v_covered, 'o');
  ELSE
    IF NOT EXISTS (
      SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.category, o.assigned_to, o.status, o.created_at, o.resolved_at)
             IS DISTINCT FROM (n.category, n.assigned_to, n.status, n.created_at, n.resolved_at)
    ) THEN
      RETURN NULL;
    END IF;
    v_rows := 'WITH p AS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
      || format(v_covered, 'o')
      || ' AND (o.category, o.assigned_to, o.status, o.created_at, o.resolved_at)'
      || ' IS DISTINCT FROM (n.category, n.assigned_to, n.status, n.created_at, n.resolved_at))'
      || ' SELECT -1 AS sign, ' || format(v_cols, 'o') || ', ' || v_today || ' AS backlog_day'
      || ' FROM old_rows o WHERE o.id IN (SELECT id FROM p)'
      || ' UNION ALL SELECT 1, ' || format(v_cols, 'n') || ', ' || v_today
      || ' FROM new_rows n WHERE n.id IN (SELECT id FROM p)';
  END IF;
  EXECUTE app.analytics_upsert_sql(app.analytics_ticket_source(v_rows))
    USING v_state.time_zone, v_state.backfill_done, v_state.backfill_cutoff, v_state.backfill_after;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER analytics_tickets_inserted AFTER INSERT ON public.support_tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.analytics_tickets_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_tickets_updated AFTER UPDATE ON public.support_tickets
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.analytics_tickets_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_tickets_deleted AFTER DELETE ON public.support_tickets
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.analytics_tickets_changed();
--> statement-breakpoint
-- A ticket's first response: its earliest public message by an admin. Messages are only ever
-- added (with the clock of their insert), so a new admin reply is the first one when the
-- ticket has no earlier one.
CREATE OR REPLACE FUNCTION app.analytics_messages_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_state public.analytics_state;
BEGIN
  SELECT * INTO v_state FROM public.analytics_state;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM new_rows m JOIN public.users u ON u.id = m.user_id AND u.role = 'admin' WHERE NOT m.is_internal) THEN
    RETURN NULL;
  END IF;
  EXECUTE app.analytics_upsert_sql($q$
    WITH firsts AS (
      SELECT DISTINCT ON (m.ticket_id) m.id, m.ticket_id, m.user_id, m.created_at
        FROM new_rows m JOIN public.users u ON u.id = m.user_id AND u.role = 'admin'
       WHERE NOT m.is_internal
       ORDER BY m.ticket_id, m.created_at, m.id
    )
    SELECT (f.created_at AT TIME ZONE $1)::date AS day, t.category, f.user_id AS admin_id,
           0 AS created, 0 AS open_now, 0 AS backlog_net, 0 AS resolved, NULL::integer AS res_sec,
           1 AS first_responses, greatest(0, extract(epoch FROM f.created_at - t.created_at))::integer AS fr_sec,
           0 AS csat_count, 0 AS csat_sum, NULL::integer AS score, 0 AS csat_sign
      FROM firsts f JOIN public.support_tickets t ON t.id = f.ticket_id
     WHERE ($2 OR t.created_at > $3 OR t.id <= $4)
       AND NOT EXISTS (
         SELECT 1 FROM public.ticket_messages e JOIN public.users eu ON eu.id = e.user_id AND eu.role = 'admin'
          WHERE e.ticket_id = f.ticket_id AND NOT e.is_internal AND (e.created_at, e.id) < (f.created_at, f.id))
  $q$)
    USING v_state.time_zone, v_state.backfill_done, v_state.backfill_cutoff, v_state.backfill_after;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER analytics_messages_inserted AFTER INSERT ON public.ticket_messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.analytics_messages_inserted();
--> statement-breakpoint
-- A deleted ticket's first response leaves with it: row-level and BEFORE, since the foreign
-- key's cascade has removed its messages by the time the statement-level triggers run.
CREATE OR REPLACE FUNCTION app.analytics_ticket_deleting() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_state public.analytics_state;
BEGIN
  SELECT * INTO v_state FROM public.analytics_state;
  IF NOT FOUND OR NOT (v_state.backfill_done OR OLD.created_at > v_state.backfill_cutoff OR OLD.id <= v_state.backfill_after) THEN
    RETURN OLD;
  END IF;
  EXECUTE app.analytics_upsert_sql(format($q$
    SELECT (m.created_at AT TIME ZONE $1)::date AS day, %L::text AS category, m.user_id AS admin_id,
           0 AS created, 0 AS open_now, 0 AS backlog_net, 0 AS resolved, NULL::integer AS res_sec,
           -1 AS first_responses, -greatest(0, extract(epoch FROM m.created_at - %L::timestamptz))::integer - 1 AS fr_sec,
           0 AS csat_count, 0 AS csat_sum, NULL::integer AS score, 0 AS csat_sign
      FROM public.ticket_messages m JOIN public.users u ON u.id = m.user_id AND u.role = 'admin'
     WHERE m.ticket_id = %L::uuid AND NOT m.is_internal
     ORDER BY m.created_at, m.id LIMIT 1
  $q$, OLD.category, OLD.created_at, OLD.id))
    USING v_state.time_zone, v_state.backfill_done, v_state.backfill_cutoff, v_state.backfill_after;
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE TRIGGER analytics_ticket_deleting BEFORE DELETE ON public.support_tickets
  FOR EACH ROW EXECUTE FUNCTION app.analytics_ticket_deleting();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.analytics_ratings_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_state public.analytics_state;
  v_rows text;
  v_cols text := 'r.ticket_id, r.created_at, r.resolved_at, r.category, r.admin_id, r.score';
BEGIN
  SELECT * INTO v_state FROM public.analytics_state;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    v_rows := 'SELECT 1 AS sign, ' || v_cols || ' FROM new_rows r';
  ELSIF TG_OP = 'DELETE' THEN
    v_rows := 'SELECT -1 AS sign, ' || v_cols || ' FROM old_rows r';
  ELSE
    v_rows := 'SELECT -1 AS sign, ' || v_cols || ' FROM old_rows r UNION ALL SELECT 1, ' || v_cols || ' FROM new_rows r';
  END IF;
  EXECUTE app.analytics_upsert_sql(format($q$
    WITH s AS (%s)
    SELECT (s.resolved_at AT TIME ZONE $1)::date AS day, s.category, s.admin_id,
           0 AS created, 0 AS open_now, 0 AS backlog_net, 0 AS resolved, NULL::integer AS res_sec,
           0 AS first_responses, NULL::integer AS fr_sec,
           s.sign AS csat_count, s.sign * s.score AS csat_sum, s.score::integer AS score, s.sign AS csat_sign
      FROM s
     -- Counted live when given after the backfill's cutoff, else once its ticket is backfilled.
     WHERE ($2 OR s.created_at > $3 OR s.ticket_id <= $4)
  $q$, v_rows))
    USING v_state.time_zone, v_state.backfill_done, v_state.backfill_cutoff, v_state.backfill_after;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER analytics_ratings_inserted AFTER INSERT ON public.ticket_ratings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.analytics_ratings_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_ratings_updated AFTER UPDATE ON public.ticket_ratings
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.analytics_ratings_changed();
--> statement-breakpoint
CREATE TRIGGER analytics_ratings_deleted AFTER DELETE ON public.ticket_ratings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.analytics_ratings_changed();
--> statement-breakpoint
-- One batch of the backfill (service_role: the worker's analytics_backfill job and
-- `npm run analytics:backfill`): the next p_limit tickets created before the cutoff, in id
-- order, share-locked so that a change to one of them waits for the batch (and then counts,
-- since its id is covered). Past backlog flows are rebuilt from what the rows still say: in on
-- the creation day, out on the resolution day (or the last update for a ticket closed
-- without one). Returns the number of tickets counted; 0 when done.
CREATE OR REPLACE FUNCTION app.analytics_backfill_batch(p_limit integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_state public.analytics_state;
  v_ids uuid[];
  v_last uuid;
BEGIN
  IF current_setting('role', true) IS DISTINCT FROM 'service_role' AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'service role only' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO v_state FROM public.analytics_state FOR UPDATE;
  IF NOT FOUND OR v_state.backfill_done THEN
    RETURN 0;
  END IF;
  SELECT array_agg(id ORDER BY id) INTO v_ids FROM (
    SELECT t.id FROM public.support_tickets t
     WHERE t.created_at <= v_state.backfill_cutoff AND (v_state.backfill_after IS NULL OR t.id > v_state.backfill_after)
     ORDER BY t.id LIMIT p_limit FOR SHARE
  ) b;
  IF v_ids IS NULL THEN
    UPDATE public.analytics_state SET backfill_done = true, updated_at = now();
    RETURN 0;
  END IF;
  v_last := v_ids[cardinality(v_ids)];
  -- Tickets: what the insert trigger would have counted (created, open_now, resolved; the
  -- backlog entry of those still open), then the past of those no longer open: in on their
  -- creation day, out on their resolution day (or last update, closed without one).
  EXECUTE app.analytics_upsert_sql(app.analytics_ticket_source(format(
    'SELECT 1 AS sign, t.id, t.category, t.assigned_to, t.status, t.created_at, t.resolved_at,'
    || ' (t.created_at AT TIME ZONE $1)::date AS backlog_day FROM public.support_tickets t WHERE t.id = ANY(%L::uuid[])',
    v_ids)))
    USING v_state.time_zone, true, v_state.backfill_cutoff, v_last;
  EXECUTE app.analytics_upsert_sql(format($q$
    SELECT d.day, t.category, t.assigned_to AS admin_id, 0 AS created, 0 AS open_now, d.flow AS backlog_net,
           0 AS resolved, NULL::integer AS res_sec, 0 AS first_responses, NULL::integer AS fr_sec,
           0 AS csat_count, 0 AS csat_sum, NULL::integer AS score, 0 AS csat_sign
      FROM public.support_tickets t
      CROSS JOIN LATERAL (VALUES ((t.created_at AT TIME ZONE $1)::date, 1),
                                 ((coalesce(t.resolved_at, t.updated_at) AT TIME ZONE $1)::date, -1)) d(day, flow)
     WHERE t.id = ANY(%L::uuid[]) AND t.status NOT IN ('open', 'in_progress')
  $q$, v_ids))
    USING v_state.time_zone, true, v_state.backfill_cutoff, v_last;
  -- First responses.
  EXECUTE app.analytics_upsert_sql(format($q$
    SELECT (f.created_at AT TIME ZONE $1)::date AS day, t.category, f.user_id AS admin_id,
           0 AS created, 0 AS open_now, 0 AS backlog_net, 0 AS resolved, NULL::integer AS res_sec,
           1 AS first_responses, greatest(0, extract(epoch FROM f.created_at - t.created_at))::integer AS fr_sec,
           0 AS csat_count, 0 AS csat_sum, NULL::integer AS score, 0 AS csat_sign
      FROM public.support_tickets t
      CROSS JOIN LATERAL (
        SELECT m.user_id, m.created_at FROM public.ticket_messages m JOIN public.users u ON u.id = m.user_id AND u.role = 'admin'
         WHERE m.ticket_id = t.id AND NOT m.is_internal ORDER BY m.created_at, m.id LIMIT 1) f
     WHERE t.id = ANY(%L::uuid[])
  $q$, v_ids))
    USING v_state.time_zone, true, v_state.backfill_cutoff, v_last;
  -- Ratings (none before this migration; there are after a rebuild).
  EXECUTE app.analytics_upsert_sql(format($q$
    SELECT (r.resolved_at AT TIME ZONE $1)::date AS day, r.category, r.admin_id,
           0 AS created, 0 AS open_now, 0 AS backlog_net, 0 AS resolved, NULL::integer AS res_sec,
           0 AS first_responses, NULL::integer AS fr_sec,
           1 AS csat_count, r.score::integer AS csat_sum, r.score::integer AS score, 1 AS csat_sign
      FROM public.ticket_ratings r WHERE r.ticket_id = ANY(%L::uuid[])
  $q$, v_ids))
    USING v_state.time_zone, true, v_state.backfill_cutoff, v_last;
  UPDATE public.analytics_state SET backfill_after = v_last, updated_at = now();
  RETURN cardinality(v_ids);
END
$$;
--> statement-breakpoint
-- Starts over (another time zone, or a repair): empties the aggregates and backfills every
-- ticket that exists now. Service role only.
CREATE OR REPLACE FUNCTION app.analytics_rebuild(p_time_zone text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  IF current_setting('role', true) IS DISTINCT FROM 'service_role' AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'service role only' USING ERRCODE = '42501';
  END IF;
  PERFORM now() AT TIME ZONE p_time_zone;
  LOCK TABLE public.analytics_daily IN EXCLUSIVE MODE;
  DELETE FROM public.analytics_daily;
  UPDATE public.analytics_state
     SET time_zone = p_time_zone, backfill_cutoff = now(), backfill_after = NULL,
         backfill_done = NOT EXISTS (SELECT 1 FROM public.support_tickets), updated_at = now();
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.analytics_backfill_batch(integer) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.analytics_rebuild(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.analytics_backfill_batch(integer), app.analytics_rebuild(text) TO service_role;
