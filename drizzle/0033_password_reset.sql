-- Issue 12: "Mot de passe oublié ?". A request never answers differently for an unknown email:
-- the page only queues a job (app.queue_password_reset_request, the same statement whatever was
-- typed), and the worker does the rest (app.request_password_reset): for an active account with
-- a password, a single-use, expiring reset row and its email through the account-email outbox;
-- for anyone else, nothing but an audit line when the email is an account's. The link names the
-- row, signed with a key derived from the auth secret (like invitations): nothing secret stored.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);$statement$; END IF; END $platform$;
--> statement-breakpoint
ALTER TABLE public.password_resets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.password_resets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.password_resets FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON public.password_resets TO service_role;
--> statement-breakpoint
CREATE INDEX password_resets_user_idx ON public.password_resets (user_id, created_at DESC);
--> statement-breakpoint
-- The email type checks as the union of src/lib/notification-values.ts and
-- src/lib/account-email-values.ts, now with password_reset (tests/unit/email-types.test.ts).
ALTER TABLE public.email_notifications DROP CONSTRAINT IF EXISTS email_notifications_type_check;
--> statement-breakpoint
ALTER TABLE public.email_notifications ADD CONSTRAINT email_notifications_type_check CHECK (type IN (
  'request_received', 'support_reply', 'request_resolved', 'request_closed',
  'new_request', 'student_reply', 'ticket_assigned', 'sla_warning', 'sla_breached',
  'reply_closed', 'account_invitation', 'email_verification', 'password_reset'));
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app.enqueue_account_email(p_type text, p_user_id uuid, p_data jsonb)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_id uuid := gen_random_uuid();
BEGIN
  IF p_type NOT IN ('account_invitation', 'email_verification', 'password_reset') THEN
    RAISE EXCEPTION 'not an account email' USING ERRCODE = '22023';
  END IF;
  INSERT INTO public.email_notifications
    (id, idempotency_key, type, recipient_id, recipient_email, locale, batch_key, data)
  SELECT v_id, 'account:' || v_id, p_type, u.id, u.email, coalesce(nullif(u.locale, ''), 'fr-CA'),
         'one:' || v_id, coalesce(p_data, '{}'::jsonb)
    FROM public.users u WHERE u.id = p_user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such account' USING ERRCODE = 'AC404';
  END IF;
  PERFORM app.wake_email_batch('one:' || v_id, now());
  RETURN v_id;
END
$$;
--> statement-breakpoint
-- The request page's only statement: one job, whatever the email. The typed email lives in the
-- job's payload until the worker has run it (graphile-worker deletes a job once done).
CREATE OR REPLACE FUNCTION app.queue_password_reset_request(p_email text, p_ip text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  PERFORM graphile_worker.add_job(
    'password_reset_request', json_build_object('email', left(p_email, 320), 'ip', left(p_ip, 64)),
    max_attempts := 5::smallint
  );
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.queue_password_reset_request(text, text) FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.queue_password_reset_request(text, text) TO service_role;
--> statement-breakpoint
-- The worker's half: for an active account with a password, a new reset (older pending ones are
-- revoked: only the newest link works), its email in the account's language and the audit
-- event, in one transaction. A deactivated account or one without a password (a pending
-- invitation) gets no email, only an audit line; an unknown email leaves no trace.
-- Returns what happened: 'sent', 'deactivated', 'no_password' or 'unknown'.
CREATE OR REPLACE FUNCTION app.request_password_reset(p_email text, p_ttl_seconds integer, p_ip text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_user uuid;
  v_deactivated boolean;
  v_id uuid;
  v_expires timestamptz := now() + make_interval(secs => greatest(p_ttl_seconds, 60));
  v_reason text;
BEGIN
  SELECT u.id, u.deactivated_at IS NOT NULL INTO v_user, v_deactivated
    FROM public.users u WHERE u.email = lower(btrim(p_email)) FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 'unknown';
  END IF;
  IF v_deactivated THEN
    v_reason := 'deactivated';
  ELSIF NOT EXISTS (SELECT 1 FROM public.accounts a
                     WHERE a.user_id = v_user AND a.provider_id = 'credential' AND a.password IS NOT NULL) THEN
    v_reason := 'no_password';
  END IF;
  IF v_reason IS NOT NULL THEN
    INSERT INTO public.audit_events (type, target_user_id, ip, detail)
    VALUES ('password_reset_refused', v_user, p_ip, jsonb_build_object('step', 'request', 'reason', v_reason));
    RETURN v_reason;
  END IF;
  UPDATE public.password_resets r SET revoked_at = now()
   WHERE r.user_id = v_user AND r.used_at IS NULL AND r.revoked_at IS NULL;
  INSERT INTO public.password_resets (user_id, expires_at) VALUES (v_user, v_expires) RETURNING id INTO v_id;
  PERFORM app.enqueue_account_email('password_reset', v_user,
    jsonb_build_object('resetId', v_id, 'expiresAt', floor(extract(epoch FROM v_expires))::bigint));
  INSERT INTO public.audit_events (type, target_user_id, ip, detail)
  VALUES ('password_reset_requested', v_user, p_ip, '{}'::jsonb);
  RETURN 'sent';
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.request_password_reset(text, integer, text) FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.request_password_reset(text, integer, text) TO service_role;
--> statement-breakpoint
ALTER FUNCTION app.request_password_reset(text, integer, text) OWNER TO service_role;
--> statement-breakpoint
-- The reset page's form (the app checked the link's signature and hashed the new password with
-- better-auth's hasher): once, before it expires, for an active account. Every session of the
-- account ends, the other pending links die, and the audit event is written, in one
-- transaction. Returns the account and 'reset', or 'invalid' (used, replaced, expired, unknown)
-- or 'deactivated' (audited; the link is spent).
CREATE OR REPLACE FUNCTION app.complete_password_reset(p_reset_id uuid, p_password_hash text, p_ip text)
RETURNS TABLE (outcome text, user_id uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_user uuid;
  v_sessions integer;
BEGIN
  SELECT r.user_id INTO v_user FROM public.password_resets r
   WHERE r.id = p_reset_id AND r.used_at IS NULL AND r.revoked_at IS NULL AND r.expires_at > now()
   FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'invalid'::text, NULL::uuid;
    RETURN;
  END IF;
  PERFORM 1 FROM public.users u WHERE u.id = v_user FOR UPDATE;
  IF EXISTS (SELECT 1 FROM public.users u WHERE u.id = v_user AND u.deactivated_at IS NOT NULL) THEN
    UPDATE public.password_resets r SET revoked_at = now() WHERE r.id = p_reset_id;
    INSERT INTO public.audit_events (type, target_user_id, ip, detail)
    VALUES ('password_reset_refused', v_user, p_ip, jsonb_build_object('step', 'reset', 'reason', 'deactivated'));
    RETURN QUERY SELECT 'deactivated'::text, v_user;
    RETURN;
  END IF;
  UPDATE public.accounts a SET password = p_password_hash, updated_at = now()
   WHERE a.user_id = v_user AND a.provider_id = 'credential';
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'invalid'::text, NULL::uuid;
    RETURN;
  END IF;
  UPDATE public.password_resets r SET used_at = now() WHERE r.id = p_reset_id;
  UPDATE public.password_resets r SET revoked_at = now()
   WHERE r.user_id = v_user AND r.used_at IS NULL AND r.revoked_at IS NULL;
  DELETE FROM public.sessions s WHERE s.user_id = v_user;
  GET DIAGNOSTICS v_sessions = ROW_COUNT;
  INSERT INTO public.audit_events (type, actor_id, target_user_id, ip, detail)
  VALUES ('password_reset_completed', v_user, v_user, p_ip, jsonb_build_object('sessionsEnded', v_sessions));
  RETURN QUERY SELECT 'reset'::text, v_user;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.complete_password_reset(uuid, text, text) FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.complete_password_reset(uuid, text, text) TO service_role;
--> statement-breakpoint
ALTER FUNCTION app.complete_password_reset(uuid, text, text) OWNER TO service_role;
