-- Issue 13, asynchronous bounces (docs/email.md, "Bounces"): a delivery report (RFC 3464) that
-- comes back to an email's VERP envelope sender marks the email `bounced` (state_reason: the
-- report's status code, "5.1.1"), and suspends the address as a 5xx at send does
-- (src/features/notifications/service/delivery-reports.ts).
-- 1. The new state. NOT VALID then VALIDATE: the check of existing rows does not block writes.
ALTER TABLE public.email_notifications DROP CONSTRAINT IF EXISTS email_notifications_state_check;
--> statement-breakpoint
ALTER TABLE public.email_notifications ADD CONSTRAINT email_notifications_state_check
  CHECK (state IN ('pending', 'sending', 'sent', 'kept', 'failed', 'merged', 'bounced')) NOT VALID;
--> statement-breakpoint
ALTER TABLE public.email_notifications VALIDATE CONSTRAINT email_notifications_state_check;
--> statement-breakpoint
-- 2. The replies coalesced into an email (merged, sent_with = it) bounce with it: found by this
--    small index rather than a scan of the log.
CREATE INDEX IF NOT EXISTS email_notifications_merged_sent_with_idx
  ON public.email_notifications (sent_with) WHERE state = 'merged';
--> statement-breakpoint
-- 3. "Renvoyer" takes a bounced email as it takes a failed one (once, never to a suspended
--    address). Same body as 0029 otherwise.
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
  IF v_row.state NOT IN ('failed', 'bounced') OR v_row.resent_as IS NOT NULL THEN
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
-- Host mode: it reads the host's users through the contract's view, as 0041 made it do.
DO $host$
DECLARE
  v_search_path text := current_setting('search_path');
  v_definition text;
BEGIN
  IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN
    RETURN;
  END IF;
  PERFORM set_config('search_path', '', true);
  v_definition := regexp_replace(pg_get_functiondef('app.resend_email_notification(uuid)'::regprocedure),
    'public\.(users|courses|appointments|orders)\M', 'platform.\1', 'g');
  IF v_definition ~ 'public\.users\M|deactivated_at' THEN
    RAISE EXCEPTION 'host mode: app.resend_email_notification still reads public.users';
  END IF;
  EXECUTE v_definition;
  PERFORM set_config('search_path', v_search_path, true);
END $host$;
