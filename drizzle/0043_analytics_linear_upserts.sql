-- Issue 16, the analytics triggers' cost in bulk (docs/benchmarks.md, issue 16): the two
-- statements that add contributions to analytics_daily (0026's app.analytics_upsert_sql, 0034's
-- app.analytics_sla_upsert_sql) merged each conflicting row's durations with a subquery that
-- read the statement's whole contribution set `c` again (`FROM c c2 WHERE c2.day =
-- excluded.day AND …`): one scan of c per existing (day, category, admin) row, so a statement
-- of N rows over G existing groups cost N × G (a 200k-ticket statement ran for more than 11
-- minutes). They are the only statements with that shape: every other analytics function (the
-- ticket, message, rating and deletion triggers, the backfill batch) builds its rows and hands
-- them to these two. One other quadratic spot, of another shape, is in 0034's ticket trigger
-- (app.analytics_tickets_changed, replaced at the end of this file): on UPDATE, its EXISTS over
-- the join of the two transition tables was planned as a nested loop stopping at the first
-- changed pair, so a bulk update where no pair changed what it looks at (the clock's own
-- columns only: 100,000 rows ran for more than 11 minutes) compared every old row with every
-- new one.
--
-- Now each group's durations are aggregated once, in the INSERT's SELECT, and DO UPDATE merges
-- `excluded.*` into the row. What a row ends with is what it ended with before, for both
-- paths of the upsert:
-- - a group whose row exists (DO UPDATE): excluded carries the group's signed multiset as is
--   (removals v < 0 included), and app.analytics_merge_secs(current, that) is the same call
--   the subquery made (the durations it aggregated are the same values: the group's non-null
--   ones; only their order inside the array can differ, and the column is an unordered
--   multiset: every reader sorts or takes percentiles);
-- - a new group (plain INSERT): app.analytics_merge_secs('{}', signed) as before, which drops
--   removals (there is nothing to remove them from) and is the signed array itself when it
--   has none. A group whose signed multiset has removals therefore looks its row up first
--   (one index probe): with a row, the removals must reach DO UPDATE; without one, they must
--   not be stored. A group without removals needs no look-up. Removals only ever target a
--   row that exists (the contribution they take back created it, rows are only deleted by
--   app.analytics_rebuild under an exclusive lock), so the look-up is a guard for the
--   impossible case, kept so that no stored array can ever hold a negative value.
-- NULL durations (none to record) stay out of the arrays, as before; every other column is a
-- sum, unchanged.
CREATE OR REPLACE FUNCTION app.analytics_upsert_sql(p_source text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = ''
AS $$
  SELECT format($q$
    WITH c AS (%s),
    g AS (
      SELECT c.day, c.category, c.admin_id, sum(c.created) AS created, sum(c.open_now) AS open_now,
             sum(c.backlog_net) AS backlog_net, sum(c.resolved) AS resolved,
             coalesce(array_agg(c.res_sec) FILTER (WHERE c.res_sec IS NOT NULL), '{}') AS res_secs,
             sum(c.first_responses) AS first_responses,
             coalesce(array_agg(c.fr_sec) FILTER (WHERE c.fr_sec IS NOT NULL), '{}') AS fr_secs,
             sum(c.csat_count) AS csat_count, sum(c.csat_sum) AS csat_sum,
             coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 1), 0) AS csat_1,
             coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 2), 0) AS csat_2,
             coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 3), 0) AS csat_3,
             coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 4), 0) AS csat_4,
             coalesce(sum(c.csat_sign) FILTER (WHERE c.score = 5), 0) AS csat_5,
             coalesce(bool_or(c.res_sec < 0 OR c.fr_sec < 0), false) AS removes
        FROM c
       GROUP BY c.day, c.category, c.admin_id
    )
    INSERT INTO public.analytics_daily AS d (day, category, admin_id, created, open_now, backlog_net, resolved,
      resolution_secs, first_responses, first_response_secs, csat_count, csat_sum, csat_1, csat_2, csat_3, csat_4, csat_5)
    SELECT g.day, g.category, g.admin_id, g.created, g.open_now, g.backlog_net, g.resolved,
           CASE WHEN n.no_row THEN app.analytics_merge_secs('{}', g.res_secs) ELSE g.res_secs END,
           g.first_responses,
           CASE WHEN n.no_row THEN app.analytics_merge_secs('{}', g.fr_secs) ELSE g.fr_secs END,
           g.csat_count, g.csat_sum, g.csat_1, g.csat_2, g.csat_3, g.csat_4, g.csat_5
      FROM g
      CROSS JOIN LATERAL (
        SELECT CASE WHEN g.removes THEN NOT EXISTS (
          SELECT 1 FROM public.analytics_daily e
           WHERE e.day = g.day AND e.category = g.category AND e.admin_id IS NOT DISTINCT FROM g.admin_id) ELSE false END AS no_row
      ) n
     -- One order for every writer: two transactions never wait on each other's rows in a cycle.
     ORDER BY g.day, g.category, g.admin_id NULLS FIRST
    ON CONFLICT ON CONSTRAINT analytics_daily_key DO UPDATE SET
      created = d.created + excluded.created,
      open_now = d.open_now + excluded.open_now,
      backlog_net = d.backlog_net + excluded.backlog_net,
      resolved = d.resolved + excluded.resolved,
      resolution_secs = app.analytics_merge_secs(d.resolution_secs, excluded.resolution_secs),
      first_responses = d.first_responses + excluded.first_responses,
      first_response_secs = app.analytics_merge_secs(d.first_response_secs, excluded.first_response_secs),
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
-- The same for the SLA columns (0034's shape of p_source: app.analytics_sla_source).
CREATE OR REPLACE FUNCTION app.analytics_sla_upsert_sql(p_source text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = ''
AS $$
  SELECT format($q$
    WITH c AS (%s),
    g AS (
      SELECT c.day, c.category, c.admin_id, sum(c.fr_met) AS fr_met, sum(c.fr_breached) AS fr_breached,
             coalesce(array_agg(c.fr_bh) FILTER (WHERE c.fr_bh IS NOT NULL), '{}') AS fr_bh,
             sum(c.res_met) AS res_met, sum(c.res_breached) AS res_breached,
             coalesce(array_agg(c.res_bh) FILTER (WHERE c.res_bh IS NOT NULL), '{}') AS res_bh,
             coalesce(bool_or(c.fr_bh < 0 OR c.res_bh < 0), false) AS removes
        FROM c
       GROUP BY c.day, c.category, c.admin_id
    )
    INSERT INTO public.analytics_daily AS d (day, category, admin_id, sla_fr_met, sla_fr_breached, first_response_bh_secs,
      sla_res_met, sla_res_breached, resolution_bh_secs)
    SELECT g.day, g.category, g.admin_id, g.fr_met, g.fr_breached,
           CASE WHEN n.no_row THEN app.analytics_merge_secs('{}', g.fr_bh) ELSE g.fr_bh END,
           g.res_met, g.res_breached,
           CASE WHEN n.no_row THEN app.analytics_merge_secs('{}', g.res_bh) ELSE g.res_bh END
      FROM g
      CROSS JOIN LATERAL (
        SELECT CASE WHEN g.removes THEN NOT EXISTS (
          SELECT 1 FROM public.analytics_daily e
           WHERE e.day = g.day AND e.category = g.category AND e.admin_id IS NOT DISTINCT FROM g.admin_id) ELSE false END AS no_row
      ) n
     ORDER BY g.day, g.category, g.admin_id NULLS FIRST
    ON CONFLICT ON CONSTRAINT analytics_daily_key DO UPDATE SET
      sla_fr_met = d.sla_fr_met + excluded.sla_fr_met,
      sla_fr_breached = d.sla_fr_breached + excluded.sla_fr_breached,
      first_response_bh_secs = app.analytics_merge_secs(d.first_response_bh_secs, excluded.first_response_bh_secs),
      sla_res_met = d.sla_res_met + excluded.sla_res_met,
      sla_res_breached = d.sla_res_breached + excluded.sla_res_breached,
      resolution_bh_secs = app.analytics_merge_secs(d.resolution_bh_secs, excluded.resolution_bh_secs)
  $q$, p_source)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.analytics_upsert_sql(text), app.analytics_sla_upsert_sql(text) FROM PUBLIC;
--> statement-breakpoint
-- 0034's ticket trigger, with one change: whether an UPDATE moved what the ticket part or the SLA
-- part reads is now found by one pass over the joined pairs (a merge or hash join, see below)
-- instead of two EXISTS.
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
    -- Both questions in one pass over the (old, new) pairs, planned for this statement's sizes:
    -- 0034's EXISTS was planned to stop at the first difference (a nested loop over the two
    -- transition tables), so a statement where no pair differs, such as a rewrite of the
    -- clock's columns only, compared every old row with every new one.
    EXECUTE 'SELECT coalesce(bool_or((o.category, o.assigned_to, o.status, o.created_at, o.resolved_at)'
      || ' IS DISTINCT FROM (n.category, n.assigned_to, n.status, n.created_at, n.resolved_at)), false),'
      || ' coalesce(bool_or(' || format(v_sla_key, 'o') || ' IS DISTINCT FROM ' || format(v_sla_key, 'n') || '), false)'
      || ' FROM old_rows o JOIN new_rows n ON n.id = o.id' INTO v_changed, v_sla_changed;
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

