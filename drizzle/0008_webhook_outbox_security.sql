-- The outbox is written only through enqueue_webhook_event() (SECURITY DEFINER), in the
-- caller's transaction, together with its graphile-worker job. Admins read the delivery log;
-- the worker runs as service_role (BYPASSRLS). Students and tutors see nothing of it.
ALTER TABLE public.webhook_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.webhook_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.webhook_attempts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.webhook_attempts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.webhook_endpoints ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.webhook_endpoints FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
GRANT SELECT ON public.webhook_events, public.webhook_attempts, public.webhook_endpoints TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.webhook_events, public.webhook_attempts, public.webhook_endpoints TO service_role;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO service_role;$statement$; ELSE EXECUTE $statement$GRANT USAGE ON SEQUENCE public.support_tickets_number_seq, public.webhook_events_seq_seq, public.webhook_attempts_id_seq TO service_role;$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE POLICY webhook_events_admin_select ON public.webhook_events FOR SELECT TO authenticated USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY webhook_attempts_admin_select ON public.webhook_attempts FOR SELECT TO authenticated USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY webhook_endpoints_admin_select ON public.webhook_endpoints FOR SELECT TO authenticated USING ((SELECT app.is_admin()));
--> statement-breakpoint
-- Wakes the delivery job of an ordering key. graphile_worker is installed by the app at
-- start (its own migrations); plpgsql resolves the call at run time.
CREATE OR REPLACE FUNCTION public.wake_webhook_delivery(p_ordering_key text, p_run_at timestamptz DEFAULT now())
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  PERFORM graphile_worker.add_job(
    'deliver_webhooks',
    json_build_object('orderingKey', p_ordering_key),
    job_key := 'webhooks:' || p_ordering_key,
    run_at := p_run_at,
    max_attempts := 25::smallint
  );
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.wake_webhook_delivery(text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.wake_webhook_delivery(text, timestamptz) TO service_role;
--> statement-breakpoint
-- Inside SECURITY DEFINER, current_user is the owner; the caller's role is the `role`
-- setting (SET LOCAL ROLE). Anyone but service_role is checked as a user.
-- Records one event in the outbox and wakes its delivery, atomically with the caller's
-- change. A user may only emit events about tickets they can act on (their own, or any for
-- admins); p_ticket_id NULL (test events) is for admins only.
CREATE OR REPLACE FUNCTION public.enqueue_webhook_event(
  p_type text, p_ticket_id uuid, p_data jsonb, p_state public.webhook_state DEFAULT 'pending', p_state_reason text DEFAULT NULL
) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_id uuid := gen_random_uuid();
  v_key text := CASE WHEN p_ticket_id IS NULL THEN 'system' ELSE 'ticket:' || p_ticket_id END;
  v_now timestamptz := now();
BEGIN
  IF current_setting('role', true) IS DISTINCT FROM 'service_role' THEN
    IF auth.uid() IS NULL THEN
      RAISE EXCEPTION 'not signed in' USING ERRCODE = '42501';
    END IF;
    IF NOT app.is_admin() AND (p_ticket_id IS NULL OR NOT EXISTS (
        SELECT 1 FROM public.support_tickets t WHERE t.id = p_ticket_id AND t.user_id = auth.uid())) THEN
      RAISE EXCEPTION 'not allowed to emit events for this ticket' USING ERRCODE = '42501';
    END IF;
  END IF;
  INSERT INTO public.webhook_events (id, type, ticket_id, ordering_key, payload, state, state_reason, created_at)
  VALUES (
    v_id, p_type, p_ticket_id, v_key,
    jsonb_build_object('event_id', v_id, 'type', p_type, 'timestamp', v_now, 'data', p_data),
    p_state, p_state_reason, v_now
  );
  IF p_state = 'pending' THEN
    PERFORM public.wake_webhook_delivery(v_key, v_now);
  END IF;
  RETURN v_id;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.enqueue_webhook_event(text, uuid, jsonb, public.webhook_state, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.enqueue_webhook_event(text, uuid, jsonb, public.webhook_state, text) TO authenticated, service_role;
--> statement-breakpoint
-- Admin "retry": puts failed or skipped events back in the queue, in their original order.
CREATE OR REPLACE FUNCTION public.retry_webhook_events(p_ids uuid[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_count integer;
  v_key text;
BEGIN
  IF current_setting('role', true) IS DISTINCT FROM 'service_role' AND NOT app.is_admin() THEN
    RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
  END IF;
  UPDATE public.webhook_events
     SET state = 'pending', state_reason = NULL, attempts = 0, first_attempt_at = NULL,
         next_attempt_at = now(), updated_at = now()
   WHERE id = ANY (p_ids) AND state IN ('failed', 'skipped');
  GET DIAGNOSTICS v_count = ROW_COUNT;
  FOR v_key IN SELECT DISTINCT e.ordering_key FROM public.webhook_events e WHERE e.id = ANY (p_ids) AND e.state = 'pending' LOOP
    PERFORM public.wake_webhook_delivery(v_key, now());
  END LOOP;
  RETURN v_count;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.retry_webhook_events(uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.retry_webhook_events(uuid[]) TO authenticated, service_role;
--> statement-breakpoint
-- Admin: clear the "disabled" mark an endpoint got from a 410 Gone.
CREATE OR REPLACE FUNCTION public.enable_webhook_endpoint(p_url_hash text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  IF current_setting('role', true) IS DISTINCT FROM 'service_role' AND NOT app.is_admin() THEN
    RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
  END IF;
  UPDATE public.webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, updated_at = now()
   WHERE url_hash = p_url_hash;
  RETURN FOUND;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.enable_webhook_endpoint(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.enable_webhook_endpoint(text) TO authenticated, service_role;
