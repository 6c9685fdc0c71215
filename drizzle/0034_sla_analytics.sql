-- Issue 16, the SLA figures of the analytics (docs/analytics.md « SLA compliance and business
-- hours »):
-- 1. Two columns of the SLA clock on support_tickets: the business seconds (APP_TIME_ZONE,
--    weekly hours, Quebec holidays, added days: the clock's own calendar, src/lib/business-hours.ts)
--    from creation to the first response, and from creation to the resolution (the moment the
--    clock stopped). Computed by the app in the change's transaction like the rest of the clock
--    (app.write_ticket_sla); the SLA backfill fills them for tickets computed before this migration.
-- 2. analytics_daily gets, per (day, category, assignee): first responses met / breached and
--    their business seconds (on the first response's day), resolutions met / breached and their
--    business seconds (on the resolution's day). Each is the contribution of the ticket row as it
--    is now, kept by the same statement-level trigger as the other ticket figures, so the table
--    still equals a GROUP BY over the raw rows.
ALTER TABLE public.support_tickets
  ADD COLUMN first_response_business_seconds integer,
  ADD COLUMN resolution_business_seconds integer;
--> statement-breakpoint
-- The SLA backfill's second pass: clocks computed before this migration whose business times are
-- missing. Empty once done (the clock fills them on every change).
CREATE INDEX support_tickets_sla_business_pending_idx ON public.support_tickets (id)
  WHERE sla_computed_at IS NOT NULL
    AND ((first_response_at IS NOT NULL AND first_response_business_seconds IS NULL)
      OR (sla_paused_at IS NOT NULL AND status NOT IN ('open', 'in_progress') AND resolution_business_seconds IS NULL));
--> statement-breakpoint
ALTER TABLE public.analytics_daily
  ADD COLUMN sla_fr_met integer NOT NULL DEFAULT 0,
  ADD COLUMN sla_fr_breached integer NOT NULL DEFAULT 0,
  ADD COLUMN first_response_bh_secs integer[] NOT NULL DEFAULT '{}',
  ADD COLUMN sla_res_met integer NOT NULL DEFAULT 0,
  ADD COLUMN sla_res_breached integer NOT NULL DEFAULT 0,
  ADD COLUMN resolution_bh_secs integer[] NOT NULL DEFAULT '{}';
--> statement-breakpoint
-- Migration 0025's guard, with the two new clock columns.
CREATE OR REPLACE FUNCTION public.support_tickets_sla_columns() RETURNS trigger
LANGUAGE plpgsql SET search_path = ''
AS $$
DECLARE
  v_sla text[] := ARRAY['first_response_due_at', 'first_response_at', 'first_response_breached',
    'next_response_started_at', 'next_response_due_at', 'next_response_breached', 'resolution_due_at',
    'resolution_breached', 'sla_paused_at', 'sla_paused_seconds', 'sla_due_at', 'sla_check_at', 'sla_computed_at',
    'first_response_business_seconds', 'resolution_business_seconds'];
  v_derived text[] := ARRAY['updated_at', 'version', 'public_activity_at', 'resolved_at', 'search_vector',
    'priority_rank', 'status_rank'];
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF current_user = 'authenticated' AND (
         NEW.first_response_due_at IS NOT NULL OR NEW.first_response_at IS NOT NULL OR NEW.first_response_breached
      OR NEW.next_response_started_at IS NOT NULL OR NEW.next_response_due_at IS NOT NULL OR NEW.next_response_breached
      OR NEW.resolution_due_at IS NOT NULL OR NEW.resolution_breached OR NEW.sla_paused_at IS NOT NULL
      OR NEW.sla_paused_seconds <> 0 OR NEW.sla_due_at IS NOT NULL OR NEW.sla_check_at IS NOT NULL
      OR NEW.sla_computed_at IS NOT NULL OR NEW.first_response_business_seconds IS NOT NULL
      OR NEW.resolution_business_seconds IS NOT NULL) THEN
      RAISE EXCEPTION 'the SLA clock is not set by users' USING ERRCODE = 'TK002';
    END IF;
    RETURN NEW;
  END IF;
  IF ROW(NEW.first_response_due_at, NEW.first_response_at, NEW.first_response_breached, NEW.next_response_started_at,
         NEW.next_response_due_at, NEW.next_response_breached, NEW.resolution_due_at, NEW.resolution_breached,
         NEW.sla_paused_at, NEW.sla_paused_seconds, NEW.sla_due_at, NEW.sla_check_at, NEW.sla_computed_at,
         NEW.first_response_business_seconds, NEW.resolution_business_seconds)
     IS NOT DISTINCT FROM
     ROW(OLD.first_response_due_at, OLD.first_response_at, OLD.first_response_breached, OLD.next_response_started_at,
         OLD.next_response_due_at, OLD.next_response_breached, OLD.resolution_due_at, OLD.resolution_breached,
         OLD.sla_paused_at, OLD.sla_paused_seconds, OLD.sla_due_at, OLD.sla_check_at, OLD.sla_computed_at,
         OLD.first_response_business_seconds, OLD.resolution_business_seconds) THEN
    RETURN NEW; -- the clock did not move
  END IF;
  IF current_user = 'authenticated' THEN
    RAISE EXCEPTION 'the SLA clock is not set by users' USING ERRCODE = 'TK002';
  END IF;
  IF (to_jsonb(NEW) - v_sla - v_derived) = (to_jsonb(OLD) - v_sla - v_derived) THEN
    NEW.updated_at := OLD.updated_at;
    NEW.version := OLD.version;
    NEW.public_activity_at := OLD.public_activity_at;
    NEW.resolved_at := OLD.resolved_at;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- Migration 0025's writer, with the business times (absent keys: null).
CREATE OR REPLACE FUNCTION app.write_ticket_sla(p_ticket_id uuid, p_state jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_service boolean := current_setting('role', true) IS NOT DISTINCT FROM 'service_role';
  v_owner uuid;
BEGIN
  SELECT t.user_id INTO v_owner FROM public.support_tickets t WHERE t.id = p_ticket_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such ticket' USING ERRCODE = '42501';
  END IF;
  IF NOT v_service AND NOT app.is_admin() AND v_owner IS DISTINCT FROM auth.uid() THEN
    RAISE EXCEPTION 'not allowed to move this ticket''s clock' USING ERRCODE = '42501';
  END IF;
  UPDATE public.support_tickets t SET
    first_response_due_at = (p_state->>'firstResponseDueAt')::timestamptz,
    first_response_at = (p_state->>'firstResponseAt')::timestamptz,
    first_response_breached = (p_state->>'firstResponseBreached')::boolean,
    next_response_started_at = (p_state->>'nextResponseStartedAt')::timestamptz,
    next_response_due_at = (p_state->>'nextResponseDueAt')::timestamptz,
    next_response_breached = (p_state->>'nextResponseBreached')::boolean,
    resolution_due_at = (p_state->>'resolutionDueAt')::timestamptz,
    resolution_breached = (p_state->>'resolutionBreached')::boolean,
    sla_paused_at = (p_state->>'pausedAt')::timestamptz,
    sla_paused_seconds = (p_state->>'pausedSeconds')::integer,
    sla_due_at = (p_state->>'slaDueAt')::timestamptz,
    sla_check_at = (p_state->>'slaCheckAt')::timestamptz,
    first_response_business_seconds = (p_state->>'firstResponseBusinessSeconds')::integer,
    resolution_business_seconds = (p_state->>'resolutionBusinessSeconds')::integer,
    sla_computed_at = clock_timestamp()
  WHERE t.id = p_ticket_id;
END
$$;
--> statement-breakpoint
-- What a set of signed ticket rows `s` (sign, id, category, assigned_to, status, resolved_at,
-- first_response_at, first_response_breached, first_response_business_seconds,
-- resolution_breached, resolution_business_seconds) contributes to the SLA columns: a first
-- response once its business time is known (its day), a resolution while the ticket is resolved
-- or closed with a resolution time and its business time (the resolution's day). Met = not
-- breached. Returns (day, category, admin_id, fr_met, fr_breached, fr_bh, res_met, res_breached,
-- res_bh) with signed durations (see app.analytics_merge_secs). $1 is the time zone.
CREATE OR REPLACE FUNCTION app.analytics_sla_source(p_rows text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = ''
AS $$
  SELECT format($q$
    WITH s AS (%s)
    SELECT (s.first_response_at AT TIME ZONE $1)::date AS day, s.category, s.assigned_to AS admin_id,
           CASE WHEN s.first_response_breached THEN 0 ELSE s.sign END AS fr_met,
           CASE WHEN s.first_response_breached THEN s.sign ELSE 0 END AS fr_breached,
           CASE WHEN s.sign > 0 THEN s.first_response_business_seconds ELSE -s.first_response_business_seconds - 1 END AS fr_bh,
           0 AS res_met, 0 AS res_breached, NULL::integer AS res_bh
      FROM s WHERE s.first_response_at IS NOT NULL AND s.first_response_business_seconds IS NOT NULL
    UNION ALL
    SELECT (s.resolved_at AT TIME ZONE $1)::date, s.category, s.assigned_to, 0, 0, NULL,
           CASE WHEN s.resolution_breached THEN 0 ELSE s.sign END,
           CASE WHEN s.resolution_breached THEN s.sign ELSE 0 END,
           CASE WHEN s.sign > 0 THEN s.resolution_business_seconds ELSE -s.resolution_business_seconds - 1 END
      FROM s WHERE s.resolved_at IS NOT NULL AND s.status NOT IN ('open', 'in_progress')
                   AND s.resolution_business_seconds IS NOT NULL
  $q$, p_rows)
$$;
--> statement-breakpoint
-- The statement that adds SLA contributions (app.analytics_sla_source) to analytics_daily, in the
-- same row order as app.analytics_upsert_sql.
CREATE OR REPLACE FUNCTION app.analytics_sla_upsert_sql(p_source text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = ''
AS $$
  SELECT format($q$
    WITH c AS (%s)
    INSERT INTO public.analytics_daily AS d (day, category, admin_id, sla_fr_met, sla_fr_breached, first_response_bh_secs,
      sla_res_met, sla_res_breached, resolution_bh_secs)
    SELECT c.day, c.category, c.admin_id, sum(c.fr_met), sum(c.fr_breached),
           app.analytics_merge_secs('{}', coalesce(array_agg(c.fr_bh) FILTER (WHERE c.fr_bh IS NOT NULL), '{}')),
           sum(c.res_met), sum(c.res_breached),
           app.analytics_merge_secs('{}', coalesce(array_agg(c.res_bh) FILTER (WHERE c.res_bh IS NOT NULL), '{}'))
      FROM c
     GROUP BY c.day, c.category, c.admin_id
     ORDER BY c.day, c.category, c.admin_id NULLS FIRST
    ON CONFLICT ON CONSTRAINT analytics_daily_key DO UPDATE SET
      sla_fr_met = d.sla_fr_met + excluded.sla_fr_met,
      sla_fr_breached = d.sla_fr_breached + excluded.sla_fr_breached,
      first_response_bh_secs = app.analytics_merge_secs(d.first_response_bh_secs, (
        SELECT coalesce(array_agg(c2.fr_bh), '{}') FROM c c2
         WHERE c2.fr_bh IS NOT NULL AND c2.day = excluded.day AND c2.category = excluded.category
           AND c2.admin_id IS NOT DISTINCT FROM excluded.admin_id)),
      sla_res_met = d.sla_res_met + excluded.sla_res_met,
      sla_res_breached = d.sla_res_breached + excluded.sla_res_breached,
      resolution_bh_secs = app.analytics_merge_secs(d.resolution_bh_secs, (
        SELECT coalesce(array_agg(c2.res_bh), '{}') FROM c c2
         WHERE c2.res_bh IS NOT NULL AND c2.day = excluded.day AND c2.category = excluded.category
           AND c2.admin_id IS NOT DISTINCT FROM excluded.admin_id))
  $q$, p_source)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.analytics_sla_source(text), app.analytics_sla_upsert_sql(text) FROM PUBLIC;
--> statement-breakpoint
-- Migration 0026's ticket trigger, plus the SLA columns: each part runs only for the rows whose
-- columns it reads changed (the clock's writes change only the SLA part).
CREATE OR REPLACE FUNCTION app.analytics_tickets_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_state public.analytics_state;
  v_covered text := '($2 OR %1$s.created_at > $3 OR %1$s.id <= $4)';
  v_cols text := '%1$s.id, %1$s.category, %1$s.assigned_to, %1$s.status, %1$s.created_at, %1$s.resolved_at';
  v_sla_cols text := '%1$s.id, %1$s.category, %1$s.assigned_to, %1$s.status, %1$s.resolved_at, %1$s.first_response_at,'
    || ' %1$s.first_response_breached, %1$s.first_response_business_seconds, %1$s.resolution_breached,'
    || ' %1$s.resolution_business_seconds';
  v_sla_key text := '(%1$s.category, %1$s.assigned_to, %1$s.status, %1$s.resolved_at, %1$s.first_response_at,'
    || ' %1$s.first_response_breached, %1$s.first_response_business_seconds, %1$s.resolution_breached,'
    || ' %1$s.resolution_business_seconds)';
  v_today text := '(now() AT TIME ZONE $1)::date';
  v_rows text;
  v_sla_rows text;
  v_changed boolean;
  v_sla_changed boolean;
BEGIN
  SELECT * INTO v_state FROM public.analytics_state;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    -- A new ticket enters the backlog on its creation day.
    v_rows := format('SELECT 1 AS sign, ' || v_cols || ', (n.created_at AT TIME ZONE $1)::date AS backlog_day'
      || ' FROM new_rows n WHERE ' || v_covered, 'n');
    v_sla_rows := format('SELECT 1 AS sign, ' || v_sla_cols || ' FROM new_rows n WHERE ' || v_covered, 'n');
    v_changed := true;
    v_sla_changed := EXISTS (SELECT 1 FROM new_rows n WHERE n.first_response_business_seconds IS NOT NULL
                                                          OR n.resolution_business_seconds IS NOT NULL);
  ELSIF TG_OP = 'DELETE' THEN
    v_rows := format('SELECT -1 AS sign, ' || v_cols || ', ' || v_today || ' AS backlog_day'
      || ' FROM old_rows o WHERE ' || v_covered, 'o');
    v_sla_rows := format('SELECT -1 AS sign, ' || v_sla_cols || ' FROM old_rows o WHERE ' || v_covered, 'o');
    v_changed := true;
    v_sla_changed := EXISTS (SELECT 1 FROM old_rows o WHERE o.first_response_business_seconds IS NOT NULL
                                                          OR o.resolution_business_seconds IS NOT NULL);
  ELSE
    v_changed := EXISTS (
      SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.category, o.assigned_to, o.status, o.created_at, o.resolved_at)
             IS DISTINCT FROM (n.category, n.assigned_to, n.status, n.created_at, n.resolved_at));
    EXECUTE 'SELECT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
      || format(v_sla_key, 'o') || ' IS DISTINCT FROM ' || format(v_sla_key, 'n') || ')' INTO v_sla_changed;
    IF v_changed THEN
      v_rows := 'WITH p AS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        || format(v_covered, 'o')
        || ' AND (o.category, o.assigned_to, o.status, o.created_at, o.resolved_at)'
        || ' IS DISTINCT FROM (n.category, n.assigned_to, n.status, n.created_at, n.resolved_at))'
        || ' SELECT -1 AS sign, ' || format(v_cols, 'o') || ', ' || v_today || ' AS backlog_day'
        || ' FROM old_rows o WHERE o.id IN (SELECT id FROM p)'
        || ' UNION ALL SELECT 1, ' || format(v_cols, 'n') || ', ' || v_today
        || ' FROM new_rows n WHERE n.id IN (SELECT id FROM p)';
    END IF;
    IF v_sla_changed THEN
      v_sla_rows := 'WITH p AS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        || format(v_covered, 'o') || ' AND ' || format(v_sla_key, 'o') || ' IS DISTINCT FROM ' || format(v_sla_key, 'n') || ')'
        || ' SELECT -1 AS sign, ' || format(v_sla_cols, 'o') || ' FROM old_rows o WHERE o.id IN (SELECT id FROM p)'
        || ' UNION ALL SELECT 1, ' || format(v_sla_cols, 'n') || ' FROM new_rows n WHERE n.id IN (SELECT id FROM p)';
    END IF;
  END IF;
  IF v_changed THEN
    EXECUTE app.analytics_upsert_sql(app.analytics_ticket_source(v_rows))
      USING v_state.time_zone, v_state.backfill_done, v_state.backfill_cutoff, v_state.backfill_after;
  END IF;
  IF v_sla_changed THEN
    EXECUTE app.analytics_sla_upsert_sql(app.analytics_sla_source(v_sla_rows))
      USING v_state.time_zone, v_state.backfill_done, v_state.backfill_cutoff, v_state.backfill_after;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Migration 0026's backfill batch, plus the SLA columns of the batch's tickets.
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
  -- SLA figures (migration 0034): what the ticket trigger counts for a row as it is now.
  EXECUTE app.analytics_sla_upsert_sql(app.analytics_sla_source(format(
    'SELECT 1 AS sign, t.id, t.category, t.assigned_to, t.status, t.resolved_at, t.first_response_at,'
    || ' t.first_response_breached, t.first_response_business_seconds, t.resolution_breached,'
    || ' t.resolution_business_seconds FROM public.support_tickets t WHERE t.id = ANY(%L::uuid[])',
    v_ids)))
    USING v_state.time_zone, true, v_state.backfill_cutoff, v_last;
  UPDATE public.analytics_state SET backfill_after = v_last, updated_at = now();
  RETURN cardinality(v_ids);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.analytics_backfill_batch(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.analytics_backfill_batch(integer) TO service_role;
