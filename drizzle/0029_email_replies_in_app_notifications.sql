-- Issue 13 (replies by email, delivery failures, the log's filters and resend, per-category
-- opt-in) and issue 14's in-app notifications. One outbox still: app.enqueue_email_notifications
-- now writes the in-app rows of the same recipients too, each channel by its own switch.
--
-- 1. A system email that no one can switch off: the automatic answer to a reply sent to a
--    closed request ("reply_closed"), and the row a "Renvoyer" (resend) made.
ALTER TABLE public.email_notifications DROP CONSTRAINT IF EXISTS email_notifications_type_check;
--> statement-breakpoint
ALTER TABLE public.email_notifications ADD CONSTRAINT email_notifications_type_check CHECK (type IN (
  'request_received', 'support_reply', 'request_resolved', 'request_closed', 'new_request', 'student_reply',
  'ticket_assigned', 'reply_closed'));
--> statement-breakpoint
-- The row a resend created from this failed one (a failed email is resent once).
ALTER TABLE public.email_notifications ADD COLUMN resent_as uuid;
--> statement-breakpoint
-- The log's filters, newest first within each (the state one exists since 0022).
CREATE INDEX email_notifications_type_created_at_idx ON public.email_notifications (type, created_at, id);
--> statement-breakpoint
CREATE INDEX email_notifications_recipient_created_at_idx
  ON public.email_notifications (lower(recipient_email), created_at, id);
--> statement-breakpoint
-- 2. Each type has two switches: email (enabled, since 0022) and in-app. No row: both on.
ALTER TABLE public.notification_preferences ALTER COLUMN enabled SET DEFAULT true;
--> statement-breakpoint
ALTER TABLE public.notification_preferences ADD COLUMN in_app_enabled boolean NOT NULL DEFAULT true;
--> statement-breakpoint
-- 3. An admin who picks categories gets "new request" only for those; no row: every category.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.notification_category_subscriptions (
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  category_slug text NOT NULL REFERENCES public.ticket_categories(slug) ON DELETE CASCADE ON UPDATE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, category_slug)
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.notification_category_subscriptions (
  user_id uuid NOT NULL,
  category_slug text NOT NULL REFERENCES public.ticket_categories(slug) ON DELETE CASCADE ON UPDATE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, category_slug)
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX notification_category_subscriptions_category_idx
  ON public.notification_category_subscriptions (category_slug);
--> statement-breakpoint
-- 4. An address the relay refused for good (5xx): no more emails to it while the user's email
--    is still that address, until an admin lifts it (or the user's address changes).
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.email_suppressions (
  user_id uuid PRIMARY KEY REFERENCES public.users(id) ON DELETE CASCADE,
  email text NOT NULL,
  reason text NOT NULL,
  notification_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.email_suppressions (
  user_id uuid PRIMARY KEY,
  email text NOT NULL,
  reason text NOT NULL,
  notification_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
-- 5. In-app notifications (the bell): one row per (event, type, recipient), each user reads and
--    marks read only their own. A NOTIFY per row wakes that user's open streams (ids only).
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.in_app_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('request_received', 'support_reply', 'request_resolved', 'request_closed',
    'new_request', 'student_reply', 'ticket_assigned')),
  ticket_id uuid REFERENCES public.support_tickets(id) ON DELETE CASCADE,
  ticket_number integer,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.in_app_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  user_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('request_received', 'support_reply', 'request_resolved', 'request_closed',
    'new_request', 'student_reply', 'ticket_assigned')),
  ticket_id uuid REFERENCES public.support_tickets(id) ON DELETE CASCADE,
  ticket_number integer,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX in_app_notifications_user_created_at_idx ON public.in_app_notifications (user_id, created_at DESC, id DESC);
--> statement-breakpoint
CREATE INDEX in_app_notifications_user_unread_idx ON public.in_app_notifications (user_id) WHERE read_at IS NULL;
--> statement-breakpoint
CREATE INDEX in_app_notifications_ticket_id_idx ON public.in_app_notifications (ticket_id);
--> statement-breakpoint
-- 6. Every email received (SMTP listener or provider webhook) and what became of it; the
--    Message-ID makes a provider's retry of the same email a no-op.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.inbound_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_key text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('smtp', 'http')),
  from_address text,
  user_id uuid REFERENCES public.users(id) ON DELETE SET NULL,
  ticket_id uuid REFERENCES public.support_tickets(id) ON DELETE SET NULL,
  outcome text NOT NULL,
  detail text,
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.inbound_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_key text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('smtp', 'http')),
  from_address text,
  user_id uuid,
  ticket_id uuid REFERENCES public.support_tickets(id) ON DELETE SET NULL,
  outcome text NOT NULL,
  detail text,
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX inbound_emails_created_at_idx ON public.inbound_emails (created_at, id);
--> statement-breakpoint
CREATE INDEX inbound_emails_user_id_idx ON public.inbound_emails (user_id);
--> statement-breakpoint
CREATE INDEX inbound_emails_ticket_id_idx ON public.inbound_emails (ticket_id);
--> statement-breakpoint
ALTER TABLE public.notification_category_subscriptions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.notification_category_subscriptions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.email_suppressions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.email_suppressions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.in_app_notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.in_app_notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.inbound_emails ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.inbound_emails FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.notification_category_subscriptions, public.email_suppressions, public.in_app_notifications,
  public.inbound_emails FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON public.notification_category_subscriptions TO authenticated;
--> statement-breakpoint
GRANT SELECT, DELETE ON public.email_suppressions TO authenticated;
--> statement-breakpoint
GRANT SELECT ON public.in_app_notifications TO authenticated;
--> statement-breakpoint
-- Marking read is the only change a user makes to their notifications.
GRANT UPDATE (read_at) ON public.in_app_notifications TO authenticated;
--> statement-breakpoint
GRANT SELECT ON public.inbound_emails TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.notification_category_subscriptions, public.email_suppressions, public.in_app_notifications,
  public.inbound_emails TO service_role;
--> statement-breakpoint
CREATE POLICY notification_category_subscriptions_own_select ON public.notification_category_subscriptions
  FOR SELECT TO authenticated USING (user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY notification_category_subscriptions_own_insert ON public.notification_category_subscriptions
  FOR INSERT TO authenticated WITH CHECK (user_id = (SELECT auth.uid()) AND (SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY notification_category_subscriptions_own_delete ON public.notification_category_subscriptions
  FOR DELETE TO authenticated USING (user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY email_suppressions_admin_select ON public.email_suppressions FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY email_suppressions_admin_delete ON public.email_suppressions FOR DELETE TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY in_app_notifications_own_select ON public.in_app_notifications FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY in_app_notifications_own_update ON public.in_app_notifications FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY inbound_emails_admin_select ON public.inbound_emails FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
-- The live streams learn of a new notification for a user (ids only, never a text); delivered
-- at COMMIT like the ticket events.
CREATE OR REPLACE FUNCTION app.notify_in_app_notification() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  PERFORM pg_notify('live_user_notifications', json_build_object('u', NEW.user_id, 'n', NEW.id)::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER in_app_notifications_notify AFTER INSERT ON public.in_app_notifications
  FOR EACH ROW EXECUTE FUNCTION app.notify_in_app_notification();
--> statement-breakpoint
-- As in 0022, plus: the in-app rows of the same audience (by the in-app switch; never about the
-- recipient's own action), admins' per-category choice for new requests, and no email to an
-- address the relay refused for good.
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
                 AND (v_ticket.assigned_to IS NULL OR u.id = v_ticket.assigned_to)
               WHEN 'user' THEN u.id = (v_item->>'userId')::uuid AND u.role = 'admin'
               ELSE false
             END
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
--> statement-breakpoint
-- "Renvoyer" in the Courriels log: a failed email is copied into a new pending row (to the
-- user's current address) and sent at once; the failed row keeps its history and points at
-- the copy. Admins only; once per failed row; never to a suppressed address.
CREATE OR REPLACE FUNCTION app.resend_email_notification(p_id uuid) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_row record;
  v_email text;
  v_new uuid := gen_random_uuid();
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
  END IF;
  SELECT n.* INTO v_row FROM public.email_notifications n WHERE n.id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such email' USING ERRCODE = 'P0002';
  END IF;
  IF v_row.state <> 'failed' OR v_row.resent_as IS NOT NULL THEN
    RAISE EXCEPTION 'not a failed email' USING ERRCODE = '55000', HINT = 'not_failed';
  END IF;
  SELECT u.email INTO v_email FROM public.users u WHERE u.id = v_row.recipient_id;
  IF EXISTS (SELECT 1 FROM public.email_suppressions s
              WHERE s.user_id = v_row.recipient_id AND lower(s.email) = lower(v_email)) THEN
    RAISE EXCEPTION 'address suspended' USING ERRCODE = '55000', HINT = 'suppressed';
  END IF;
  INSERT INTO public.email_notifications
    (id, idempotency_key, type, recipient_id, recipient_email, locale, ticket_id, ticket_number, batch_key, data)
  VALUES (v_new, 'resend:' || v_row.id, v_row.type, v_row.recipient_id, v_email, v_row.locale, v_row.ticket_id,
          v_row.ticket_number, 'one:' || v_new, v_row.data);
  UPDATE public.email_notifications SET resent_as = v_new, updated_at = now() WHERE id = v_row.id;
  PERFORM graphile_worker.add_job('send_emails', json_build_object('batchKey', 'one:' || v_new),
    max_attempts := 25::smallint);
  RETURN v_new;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.resend_email_notification(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.resend_email_notification(uuid) TO authenticated, service_role;
