-- Issue 13: a ticket change no longer writes its notifications row by row in its own transaction.
-- Measured (docs/benchmarks.md, "write"): a new request wrote 21 email_notifications rows (ten
-- indexes), 20 in_app_notifications rows (five indexes, a NOTIFY each) and a send job, 6-7 ms of
-- database time per creation, and cut creation throughput by 44 %. The change's transaction now
-- writes ONE job, `expand_notifications`, holding the event's items and what the audience depends
-- on at the time of the change (the ticket's number, student, assignee, category, the actor and
-- the signed-in caller). The job commits with the change or not at all (a rolled-back change
-- notifies nobody, as before), graphile-worker retries it, and the worker expands it into the
-- same rows as before through app.expand_email_notifications, idempotently (each row's key is
-- the event's history id, the type and the person: a retried expansion writes nothing twice).
-- Who may notify whom is still checked here, at the change, as the caller.
CREATE OR REPLACE FUNCTION app.enqueue_email_notifications(
  p_ticket_id uuid, p_actor_id uuid, p_items jsonb, p_coalesce_seconds integer
) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_caller uuid := auth.uid();
  v_service boolean := current_setting('role', true) IS NOT DISTINCT FROM 'service_role';
  v_ticket record;
  v_item jsonb;
BEGIN
  IF NOT v_service THEN
    IF v_caller IS NULL OR v_caller IS DISTINCT FROM p_actor_id THEN
      RAISE EXCEPTION 'not signed in as the actor' USING ERRCODE = '42501';
    END IF;
  END IF;
  SELECT t.id, t.number, t.user_id, t.assigned_to, t.category INTO v_ticket
    FROM public.support_tickets t WHERE t.id = p_ticket_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such ticket' USING ERRCODE = '42501';
  END IF;
  IF NOT v_service AND NOT app.is_admin() AND v_ticket.user_id IS DISTINCT FROM v_caller THEN
    RAISE EXCEPTION 'not allowed to notify about this ticket' USING ERRCODE = '42501';
  END IF;
  IF jsonb_typeof(p_items) IS DISTINCT FROM 'array' OR jsonb_array_length(p_items) = 0 THEN
    RETURN 0;
  END IF;
  FOR v_item IN SELECT * FROM jsonb_array_elements(p_items) LOOP
    IF v_item->>'audience' IN ('admins', 'user') AND NOT v_service AND NOT app.is_admin()
       AND v_item->>'type' NOT IN ('new_request', 'student_reply') THEN
      RAISE EXCEPTION 'not allowed to notify admins of this' USING ERRCODE = '42501';
    END IF;
  END LOOP;
  PERFORM graphile_worker.add_job('expand_notifications', jsonb_build_object(
    'ticket', jsonb_build_object('id', v_ticket.id, 'number', v_ticket.number, 'userId', v_ticket.user_id,
                                 'assignedTo', v_ticket.assigned_to, 'category', v_ticket.category),
    'actorId', p_actor_id, 'callerId', v_caller, 'items', p_items,
    'coalesceSeconds', p_coalesce_seconds)::json, max_attempts := 25::smallint);
  RETURN jsonb_array_length(p_items);
END
$$;
--> statement-breakpoint
-- The worker's half: the rows of one event, as 0039's function wrote them in the change's
-- transaction, from the job's snapshot. Preferences, suppressions, category subscriptions and
-- deactivations are read now (a switch turned off in between is obeyed). A ticket deleted in
-- between notifies nobody. Returns how many email rows it wrote.
CREATE OR REPLACE FUNCTION app.expand_email_notifications(p_job jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_ticket_id uuid := (p_job->'ticket'->>'id')::uuid;
  v_number integer := (p_job->'ticket'->>'number')::integer;
  v_student uuid := (p_job->'ticket'->>'userId')::uuid;
  v_assignee uuid := (p_job->'ticket'->>'assignedTo')::uuid;
  v_category text := p_job->'ticket'->>'category';
  v_actor uuid := (p_job->>'actorId')::uuid;
  v_caller uuid := (p_job->>'callerId')::uuid;
  v_coalesce_seconds integer := coalesce((p_job->>'coalesceSeconds')::integer, 120);
  v_item jsonb;
  v_type text;
  v_coalesced boolean;
  v_batches text[];
  v_batch text;
  v_now_batches text[] := '{}';
  v_count integer := 0;
BEGIN
  IF v_ticket_id IS NULL OR NOT EXISTS (SELECT 1 FROM public.support_tickets t WHERE t.id = v_ticket_id) THEN
    RETURN 0;
  END IF;
  FOR v_item IN SELECT * FROM jsonb_array_elements(coalesce(p_job->'items', '[]'::jsonb)) LOOP
    v_type := v_item->>'type';
    v_coalesced := v_type IN ('support_reply', 'student_reply');
    WITH audience AS (
      SELECT u.id, u.email, u.locale,
             NOT EXISTS (SELECT 1 FROM public.notification_preferences p
                          WHERE p.user_id = u.id AND p.type = v_type AND NOT p.enabled) AS email_on,
             NOT EXISTS (SELECT 1 FROM public.notification_preferences p
                          WHERE p.user_id = u.id AND p.type = v_type AND NOT p.in_app_enabled) AS in_app_on
        FROM public.users u
       WHERE CASE v_item->>'audience'
               WHEN 'student' THEN u.id = v_student
               WHEN 'admins' THEN u.role = 'admin'
               WHEN 'assignee_or_admins' THEN u.role = 'admin'
                 AND (v_assignee IS NULL OR u.id = v_assignee
                      -- An assignee who left: the whole team hears of it, as if unassigned.
                      OR NOT EXISTS (SELECT 1 FROM public.users a
                                      WHERE a.id = v_assignee AND a.deactivated_at IS NULL))
               WHEN 'user' THEN u.id = (v_item->>'userId')::uuid AND u.role = 'admin'
               ELSE false
             END
         -- A deactivated account hears of nothing (an admin who left keeps no window on requests).
         AND u.deactivated_at IS NULL
         AND ((u.id IS DISTINCT FROM v_actor AND u.id IS DISTINCT FROM v_caller) OR v_type = 'request_received')
         -- An admin who picked categories hears of new requests in those only.
         AND (v_type <> 'new_request'
              OR NOT EXISTS (SELECT 1 FROM public.notification_category_subscriptions s WHERE s.user_id = u.id)
              OR EXISTS (SELECT 1 FROM public.notification_category_subscriptions s
                          WHERE s.user_id = u.id AND s.category_slug = v_category))
    ), in_app AS (
      INSERT INTO public.in_app_notifications (idempotency_key, user_id, type, ticket_id, ticket_number, data)
      SELECT (v_item->>'key') || ':' || a.id, a.id, v_type, v_ticket_id, v_number,
             jsonb_build_object('subject', coalesce(v_item->'data'->>'subject', ''))
        FROM audience a
       WHERE a.in_app_on AND a.id IS DISTINCT FROM v_actor AND a.id IS DISTINCT FROM v_caller
      ON CONFLICT (idempotency_key) DO NOTHING
    ), recipients AS (
      SELECT a.id, a.email, a.locale, gen_random_uuid() AS row_id FROM audience a
       WHERE a.email_on
         AND NOT EXISTS (SELECT 1 FROM public.email_suppressions s
                          WHERE s.user_id = a.id AND lower(s.email) = lower(a.email))
    ), inserted AS (
      INSERT INTO public.email_notifications
        (id, idempotency_key, type, recipient_id, recipient_email, locale, ticket_id, ticket_number, batch_key, data)
      SELECT r.row_id, (v_item->>'key') || ':' || r.id, v_type, r.id, r.email,
             coalesce(nullif(r.locale, ''), 'fr-CA'), v_ticket_id, v_number,
             CASE WHEN v_coalesced THEN 'reply:' || r.id || ':' || v_ticket_id ELSE 'one:' || r.row_id END,
             coalesce(v_item->'data', '{}'::jsonb)
        FROM recipients r
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING batch_key
    )
    SELECT array_agg(batch_key) INTO v_batches FROM inserted;
    CONTINUE WHEN v_batches IS NULL;
    v_count := v_count + cardinality(v_batches);
    IF v_coalesced THEN
      FOREACH v_batch IN ARRAY v_batches LOOP
        PERFORM app.wake_email_batch(v_batch, now() + make_interval(secs => v_coalesce_seconds));
      END LOOP;
    ELSE
      v_now_batches := v_now_batches || v_batches;
    END IF;
  END LOOP;
  IF cardinality(v_now_batches) > 0 THEN
    PERFORM graphile_worker.add_job('send_emails', json_build_object('batchKeys', v_now_batches), max_attempts := 25::smallint);
  END IF;
  RETURN v_count;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.expand_email_notifications(jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.expand_email_notifications(jsonb) TO service_role;
--> statement-breakpoint
-- Host mode (0041): the audience is the contract's platform.users, where every user is active.
DO $host$
DECLARE
  v_definition text;
BEGIN
  IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN
    RETURN;
  END IF;
  v_definition := regexp_replace(pg_get_functiondef('app.expand_email_notifications(jsonb)'::regprocedure),
    'public\.users\M', 'platform.users', 'g');
  v_definition := regexp_replace(v_definition, '\m\w+\.deactivated_at IS NULL', 'true', 'g');
  IF v_definition ~ 'deactivated_at|public\.users\M' THEN
    RAISE EXCEPTION 'host mode: app.expand_email_notifications(jsonb) reads what the contract does not have';
  END IF;
  EXECUTE v_definition;
END $host$;
