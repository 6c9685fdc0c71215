-- Issue 12/13: a deactivated account was still a recipient. app.enqueue_email_notifications
-- (0029) chose "every admin" by role alone, so an admin whose account was deactivated kept
-- receiving new requests' subjects and students' addresses by email, and in-app rows. The
-- audience now leaves deactivated accounts out; a student's reply on a request assigned to a
-- deactivated admin goes to the whole team instead of to no one. Same body as 0029 otherwise.
-- The worker also leaves unsent what was queued for an account deactivated since
-- (src/features/notifications/worker/send-emails.ts).
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
  v_type text;
  v_coalesced boolean;
  v_batches text[];
  v_batch text;
  v_now_batches text[] := '{}';
  v_count integer := 0;
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
  FOR v_item IN SELECT * FROM jsonb_array_elements(p_items) LOOP
    v_type := v_item->>'type';
    IF v_item->>'audience' IN ('admins', 'user') AND NOT v_service AND NOT app.is_admin()
       AND v_type NOT IN ('new_request', 'student_reply') THEN
      RAISE EXCEPTION 'not allowed to notify admins of this' USING ERRCODE = '42501';
    END IF;
    v_coalesced := v_type IN ('support_reply', 'student_reply');
    WITH audience AS (
      SELECT u.id, u.email, u.locale,
             NOT EXISTS (SELECT 1 FROM public.notification_preferences p
                          WHERE p.user_id = u.id AND p.type = v_type AND NOT p.enabled) AS email_on,
             NOT EXISTS (SELECT 1 FROM public.notification_preferences p
                          WHERE p.user_id = u.id AND p.type = v_type AND NOT p.in_app_enabled) AS in_app_on
        FROM public.users u
       WHERE CASE v_item->>'audience'
               WHEN 'student' THEN u.id = v_ticket.user_id
               WHEN 'admins' THEN u.role = 'admin'
               WHEN 'assignee_or_admins' THEN u.role = 'admin'
                 AND (v_ticket.assigned_to IS NULL OR u.id = v_ticket.assigned_to
                      -- An assignee who left: the whole team hears of it, as if unassigned.
                      OR NOT EXISTS (SELECT 1 FROM public.users a
                                      WHERE a.id = v_ticket.assigned_to AND a.deactivated_at IS NULL))
               WHEN 'user' THEN u.id = (v_item->>'userId')::uuid AND u.role = 'admin'
               ELSE false
             END
         -- A deactivated account hears of nothing (an admin who left keeps no window on requests).
         AND u.deactivated_at IS NULL
         AND ((u.id IS DISTINCT FROM p_actor_id AND u.id IS DISTINCT FROM v_caller) OR v_type = 'request_received')
         -- An admin who picked categories hears of new requests in those only.
         AND (v_type <> 'new_request'
              OR NOT EXISTS (SELECT 1 FROM public.notification_category_subscriptions s WHERE s.user_id = u.id)
              OR EXISTS (SELECT 1 FROM public.notification_category_subscriptions s
                          WHERE s.user_id = u.id AND s.category_slug = v_ticket.category))
    ), in_app AS (
      INSERT INTO public.in_app_notifications (idempotency_key, user_id, type, ticket_id, ticket_number, data)
      SELECT (v_item->>'key') || ':' || a.id, a.id, v_type, v_ticket.id, v_ticket.number,
             jsonb_build_object('subject', coalesce(v_item->'data'->>'subject', ''))
        FROM audience a
       WHERE a.in_app_on AND a.id IS DISTINCT FROM p_actor_id AND a.id IS DISTINCT FROM v_caller
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
             coalesce(nullif(r.locale, ''), 'fr-CA'), v_ticket.id, v_ticket.number,
             CASE WHEN v_coalesced THEN 'reply:' || r.id || ':' || v_ticket.id ELSE 'one:' || r.row_id END,
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
        PERFORM app.wake_email_batch(v_batch, now() + make_interval(secs => p_coalesce_seconds));
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
