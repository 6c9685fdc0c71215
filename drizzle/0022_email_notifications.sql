-- Email notifications (issue 13): an outbox of emails written in each ticket change's own
-- transaction (app.enqueue_email_notifications, called by the notifications feature's ticket-change
-- consumer), sent by the worker (send_emails), and per-user switches for each type. Admins read the
-- log; the worker runs as service_role (BYPASSRLS); a user reads and writes only their own switches.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.email_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- One row per (ticket event, type, recipient): replaying the same event writes nothing more.
  idempotency_key text NOT NULL UNIQUE,
  type text NOT NULL CHECK (type IN ('request_received', 'support_reply', 'request_resolved', 'request_closed',
    'new_request', 'student_reply', 'ticket_assigned')),
  recipient_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  recipient_email text NOT NULL,
  locale text NOT NULL,
  ticket_id uuid REFERENCES public.support_tickets(id) ON DELETE SET NULL,
  ticket_number integer,
  -- Rows sharing a batch key go out as one email: 'reply:<recipient>:<ticket>' for replies
  -- (coalesced over a window), 'one:<id>' for the rest.
  batch_key text NOT NULL,
  data jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'kept', 'failed', 'merged')),
  state_reason text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  last_error text,
  -- The row whose email carried this one (itself, or the first row of a coalesced batch).
  sent_with uuid,
  message_id text,
  subject text,
  html_body text,
  text_body text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.email_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  type text NOT NULL CHECK (type IN ('request_received', 'support_reply', 'request_resolved', 'request_closed',
    'new_request', 'student_reply', 'ticket_assigned')),
  recipient_id uuid NOT NULL,
  recipient_email text NOT NULL,
  locale text NOT NULL,
  ticket_id uuid REFERENCES public.support_tickets(id) ON DELETE SET NULL,
  ticket_number integer,
  batch_key text NOT NULL,
  data jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'kept', 'failed', 'merged')),
  state_reason text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  last_error text,
  sent_with uuid,
  message_id text,
  subject text,
  html_body text,
  text_body text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX email_notifications_created_at_idx ON public.email_notifications (created_at, id);
--> statement-breakpoint
CREATE INDEX email_notifications_state_created_at_idx ON public.email_notifications (state, created_at, id);
--> statement-breakpoint
CREATE INDEX email_notifications_batch_pending_idx ON public.email_notifications (batch_key, created_at) WHERE state = 'pending';
--> statement-breakpoint
CREATE INDEX email_notifications_sending_idx ON public.email_notifications (claimed_at) WHERE state = 'sending';
--> statement-breakpoint
CREATE INDEX email_notifications_ticket_id_idx ON public.email_notifications (ticket_id);
--> statement-breakpoint
CREATE INDEX email_notifications_recipient_id_idx ON public.email_notifications (recipient_id);
--> statement-breakpoint
-- No row means "on": every type is on until its user switches it off.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.notification_preferences (
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('request_received', 'support_reply', 'request_resolved', 'request_closed',
    'new_request', 'student_reply', 'ticket_assigned')),
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, type)
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.notification_preferences (
  user_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('request_received', 'support_reply', 'request_resolved', 'request_closed',
    'new_request', 'student_reply', 'ticket_assigned')),
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, type)
);$statement$; END IF; END $platform$;
--> statement-breakpoint
ALTER TABLE public.email_notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.email_notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.notification_preferences ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.notification_preferences FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.email_notifications, public.notification_preferences FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.email_notifications TO authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON public.notification_preferences TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.email_notifications, public.notification_preferences TO service_role;
--> statement-breakpoint
CREATE POLICY email_notifications_admin_select ON public.email_notifications FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY notification_preferences_own_select ON public.notification_preferences FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY notification_preferences_own_insert ON public.notification_preferences FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY notification_preferences_own_update ON public.notification_preferences FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
--> statement-breakpoint
-- Wakes the send job of a batch (graphile_worker is installed by the app at start; plpgsql
-- resolves the call at run time). preserve_run_at: a second reply in the window joins the
-- first one's job, which keeps its time, so the batch leaves at the end of the first window.
CREATE OR REPLACE FUNCTION app.wake_email_batch(p_batch_key text, p_run_at timestamptz DEFAULT now())
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  PERFORM graphile_worker.add_job(
    'send_emails', json_build_object('batchKey', p_batch_key),
    run_at := p_run_at, max_attempts := 25::smallint,
    job_key := 'email:' || p_batch_key, job_key_mode := 'preserve_run_at'
  );
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.wake_email_batch(text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.wake_email_batch(text, timestamptz) TO service_role;
--> statement-breakpoint
-- Writes the notifications of one ticket event and their send jobs, in the caller's
-- transaction. The caller (the consumer, under the acting user's RLS) says which type goes to
-- which audience; this function, which may read every user, turns an audience into people:
-- never the actor, never someone who switched the type off, admins only for admin audiences.
-- p_items: [{ "type", "audience": "student" | "admins" | "assignee_or_admins" | "user", "userId"?,
-- "key", "data" }]. Returns how many rows were written.
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
  SELECT t.id, t.number, t.user_id, t.assigned_to INTO v_ticket FROM public.support_tickets t WHERE t.id = p_ticket_id;
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
    -- One set-based insert per item, whatever the number of admins.
    WITH recipients AS (
      SELECT u.id, u.email, u.locale, gen_random_uuid() AS row_id FROM public.users u
       WHERE CASE v_item->>'audience'
               WHEN 'student' THEN u.id = v_ticket.user_id
               WHEN 'admins' THEN u.role = 'admin'
               WHEN 'assignee_or_admins' THEN u.role = 'admin'
                 AND (v_ticket.assigned_to IS NULL OR u.id = v_ticket.assigned_to)
               WHEN 'user' THEN u.id = (v_item->>'userId')::uuid AND u.role = 'admin'
               ELSE false
             END
         -- Never to whoever caused the event, but for the acknowledgement of their own request.
         AND ((u.id IS DISTINCT FROM p_actor_id AND u.id IS DISTINCT FROM v_caller) OR v_type = 'request_received')
         AND NOT EXISTS (SELECT 1 FROM public.notification_preferences p
                          WHERE p.user_id = u.id AND p.type = v_type AND NOT p.enabled)
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
  -- One job for every immediate email of the event (a new request tells the student and every
  -- admin): a job per row made a ticket's creation measurably slower.
  IF cardinality(v_now_batches) > 0 THEN
    PERFORM graphile_worker.add_job('send_emails', json_build_object('batchKeys', v_now_batches), max_attempts := 25::smallint);
  END IF;
  RETURN v_count;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.enqueue_email_notifications(uuid, uuid, jsonb, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.enqueue_email_notifications(uuid, uuid, jsonb, integer) TO authenticated, service_role;
