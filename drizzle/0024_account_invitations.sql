-- Issue 12, found 3: accounts as a school needs them. Admins invite people by email with a role
-- (a signed, single-use, expiring link to choose a password), list and search accounts, change
-- roles and deactivate; open sign-up (when AUTH_ALLOW_SIGNUP is on) verifies the email first.
-- Every act is in the audit log, written in the act's own transaction.
--
-- One row per invitation sent; the link names the row (signed with a key derived from the auth
-- secret: nothing secret is stored here). Accepting sets accepted_at; a new invitation for the
-- same person revokes the pending ones; deactivating the account revokes them too.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.account_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  invited_by uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.account_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  invited_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz
);$statement$; END IF; END $platform$;
--> statement-breakpoint
ALTER TABLE public.account_invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.account_invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.account_invitations FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.account_invitations TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.account_invitations TO service_role;
--> statement-breakpoint
CREATE POLICY account_invitations_admin_read ON public.account_invitations FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE INDEX account_invitations_user_idx ON public.account_invitations (user_id, created_at DESC);
--> statement-breakpoint
CREATE INDEX account_invitations_invited_by_idx ON public.account_invitations (invited_by);
--> statement-breakpoint
-- The admin accounts page: newest first, keyset on (created_at, id).
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE INDEX IF NOT EXISTS users_created_at_id_idx ON public.users (created_at DESC, id DESC);$statement$; END IF; END $platform$;
--> statement-breakpoint
-- Two account emails go through the notifications outbox (same worker, same log, kept when no
-- SMTP relay is set): the invitation and open sign-up's address verification.
ALTER TABLE public.email_notifications DROP CONSTRAINT IF EXISTS email_notifications_type_check;
--> statement-breakpoint
ALTER TABLE public.email_notifications ADD CONSTRAINT email_notifications_type_check CHECK (type IN (
  'request_received', 'support_reply', 'request_resolved', 'request_closed',
  'new_request', 'student_reply', 'ticket_assigned', 'account_invitation', 'email_verification'));
--> statement-breakpoint
-- Writes one account email and wakes its send job, in the caller's transaction. Called by the
-- invitation functions below and, as service_role, by better-auth's verification callback.
CREATE OR REPLACE FUNCTION app.enqueue_account_email(p_type text, p_user_id uuid, p_data jsonb)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_id uuid := gen_random_uuid();
BEGIN
  IF p_type NOT IN ('account_invitation', 'email_verification') THEN
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
REVOKE ALL ON FUNCTION app.enqueue_account_email(text, uuid, jsonb) FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.enqueue_account_email(text, uuid, jsonb) TO service_role;
--> statement-breakpoint
ALTER FUNCTION app.enqueue_account_email(text, uuid, jsonb) OWNER TO service_role;
--> statement-breakpoint
-- A new pending invitation for an account that has no password yet (the old ones are revoked),
-- its email and its audit event. Shared by invite and resend; admins only (checked by callers).
CREATE OR REPLACE FUNCTION app.issue_invitation(p_user_id uuid, p_ttl_seconds integer)
RETURNS TABLE (invitation_id uuid, expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_id uuid;
  v_expires timestamptz := now() + make_interval(secs => greatest(p_ttl_seconds, 60));
BEGIN
  UPDATE public.account_invitations i SET revoked_at = now()
   WHERE i.user_id = p_user_id AND i.accepted_at IS NULL AND i.revoked_at IS NULL;
  INSERT INTO public.account_invitations (user_id, invited_by, expires_at)
  VALUES (p_user_id, auth.uid(), v_expires) RETURNING id INTO v_id;
  PERFORM app.enqueue_account_email('account_invitation', p_user_id,
    jsonb_build_object('invitationId', v_id, 'expiresAt', floor(extract(epoch FROM v_expires))::bigint));
  RETURN QUERY SELECT v_id, v_expires;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.issue_invitation(uuid, integer) FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
ALTER FUNCTION app.issue_invitation(uuid, integer) OWNER TO service_role;
--> statement-breakpoint
-- An admin invites a person: the account (no password yet, the email not yet proven), its
-- invitation and email, and the audit event, in one transaction. An email already used is
-- refused (AC422).
CREATE OR REPLACE FUNCTION app.admin_invite_account(
  p_email text, p_first_name text, p_last_name text, p_role public.user_role, p_locale text, p_ttl_seconds integer
) RETURNS TABLE (user_id uuid, invitation_id uuid, expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_user uuid;
  v_email text := lower(btrim(p_email));
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'only admins invite' USING ERRCODE = '42501';
  END IF;
  IF EXISTS (SELECT 1 FROM public.users u WHERE lower(u.email) = v_email) THEN
    RAISE EXCEPTION 'email already used' USING ERRCODE = 'AC422';
  END IF;
  INSERT INTO public.users (name, email, email_verified, first_name, last_name, role, locale)
  VALUES (btrim(p_first_name) || ' ' || btrim(p_last_name), v_email, false, btrim(p_first_name), btrim(p_last_name),
          p_role, CASE WHEN p_locale = 'en' THEN 'en' ELSE 'fr-CA' END)
  RETURNING id INTO v_user;
  INSERT INTO public.audit_events (type, actor_id, target_user_id, detail)
  VALUES ('account_invited', auth.uid(), v_user, jsonb_build_object('role', p_role));
  RETURN QUERY SELECT v_user, i.invitation_id, i.expires_at FROM app.issue_invitation(v_user, p_ttl_seconds) i;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.admin_invite_account(text, text, text, public.user_role, text, integer) FROM PUBLIC, anon;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.admin_invite_account(text, text, text, public.user_role, text, integer) TO authenticated;
--> statement-breakpoint
ALTER FUNCTION app.admin_invite_account(text, text, text, public.user_role, text, integer) OWNER TO service_role;
--> statement-breakpoint
-- A new invitation for an account that has not chosen its password yet (the old link stops
-- working). Refused for an account that already has one (AC409) or is deactivated (AC409).
CREATE OR REPLACE FUNCTION app.admin_resend_invitation(p_user_id uuid, p_ttl_seconds integer)
RETURNS TABLE (invitation_id uuid, expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'only admins invite' USING ERRCODE = '42501';
  END IF;
  PERFORM 1 FROM public.users u WHERE u.id = p_user_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such account' USING ERRCODE = 'AC404';
  END IF;
  IF EXISTS (SELECT 1 FROM public.accounts a WHERE a.user_id = p_user_id AND a.provider_id = 'credential')
     OR EXISTS (SELECT 1 FROM public.users u WHERE u.id = p_user_id AND u.deactivated_at IS NOT NULL) THEN
    RAISE EXCEPTION 'not a pending invitation' USING ERRCODE = 'AC409';
  END IF;
  INSERT INTO public.audit_events (type, actor_id, target_user_id, detail)
  VALUES ('invitation_resent', auth.uid(), p_user_id, '{}'::jsonb);
  RETURN QUERY SELECT i.invitation_id, i.expires_at FROM app.issue_invitation(p_user_id, p_ttl_seconds) i;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.admin_resend_invitation(uuid, integer) FROM PUBLIC, anon;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.admin_resend_invitation(uuid, integer) TO authenticated;
--> statement-breakpoint
ALTER FUNCTION app.admin_resend_invitation(uuid, integer) OWNER TO service_role;
--> statement-breakpoint
-- The invited person chooses a password (hashed by the app with better-auth's hasher): once,
-- before it expires, for an active account with no password yet. Service role only: the app
-- checks the link's signature first. AC404 for any refused link, whatever the reason.
CREATE OR REPLACE FUNCTION app.accept_invitation(p_invitation_id uuid, p_password_hash text)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_user uuid;
BEGIN
  SELECT i.user_id INTO v_user FROM public.account_invitations i
   WHERE i.id = p_invitation_id AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
   FOR UPDATE;
  IF NOT FOUND
     OR EXISTS (SELECT 1 FROM public.users u WHERE u.id = v_user AND u.deactivated_at IS NOT NULL)
     OR EXISTS (SELECT 1 FROM public.accounts a WHERE a.user_id = v_user AND a.provider_id = 'credential') THEN
    RAISE EXCEPTION 'invitation not valid' USING ERRCODE = 'AC404';
  END IF;
  INSERT INTO public.accounts (account_id, provider_id, user_id, password)
  VALUES (v_user::text, 'credential', v_user, p_password_hash);
  UPDATE public.users u SET email_verified = true, updated_at = now() WHERE u.id = v_user;
  UPDATE public.account_invitations i SET accepted_at = now() WHERE i.id = p_invitation_id;
  INSERT INTO public.audit_events (type, actor_id, target_user_id, detail)
  VALUES ('invitation_accepted', v_user, v_user, '{}'::jsonb);
  RETURN v_user;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.accept_invitation(uuid, text) FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.accept_invitation(uuid, text) TO service_role;
--> statement-breakpoint
ALTER FUNCTION app.accept_invitation(uuid, text) OWNER TO service_role;
--> statement-breakpoint
-- 0021's function, now also refusing an admin's change of their own role (AC403, like their
-- own deactivation: another admin does it), and revoking a deactivated account's pending
-- invitations.
CREATE OR REPLACE FUNCTION app.admin_update_account(
  p_user_id uuid, p_role public.user_role, p_active boolean
) RETURNS TABLE (old_role public.user_role, was_active boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_old_role public.user_role;
  v_was_active boolean;
  v_new_role public.user_role;
  v_new_active boolean;
BEGIN
  IF NOT app.is_admin() THEN
    RAISE EXCEPTION 'only admins manage accounts' USING ERRCODE = '42501';
  END IF;
  PERFORM 1 FROM public.users u WHERE u.role = 'admin' ORDER BY u.id FOR UPDATE;
  SELECT u.role, u.deactivated_at IS NULL INTO v_old_role, v_was_active
    FROM public.users u WHERE u.id = p_user_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such account' USING ERRCODE = 'AC404';
  END IF;
  v_new_role := coalesce(p_role, v_old_role);
  v_new_active := coalesce(p_active, v_was_active);
  IF p_user_id = auth.uid() AND (NOT v_new_active OR v_new_role <> v_old_role) THEN
    RAISE EXCEPTION 'an admin cannot deactivate or demote their own account' USING ERRCODE = 'AC403';
  END IF;
  IF v_old_role = 'admin' AND v_was_active AND (v_new_role <> 'admin' OR NOT v_new_active)
     AND NOT EXISTS (SELECT 1 FROM public.users u
                      WHERE u.role = 'admin' AND u.deactivated_at IS NULL AND u.id <> p_user_id) THEN
    RAISE EXCEPTION 'the last active admin stays an admin' USING ERRCODE = 'AC409';
  END IF;
  UPDATE public.users u
     SET role = v_new_role,
         deactivated_at = CASE WHEN v_new_active THEN NULL ELSE coalesce(u.deactivated_at, now()) END,
         updated_at = now()
   WHERE u.id = p_user_id;
  IF NOT v_new_active THEN
    DELETE FROM public.sessions s WHERE s.user_id = p_user_id;
    UPDATE public.account_invitations i SET revoked_at = now()
     WHERE i.user_id = p_user_id AND i.accepted_at IS NULL AND i.revoked_at IS NULL;
  END IF;
  IF v_new_role <> v_old_role THEN
    INSERT INTO public.audit_events (type, actor_id, target_user_id, detail)
    VALUES ('role_changed', auth.uid(), p_user_id, jsonb_build_object('from', v_old_role, 'to', v_new_role));
  END IF;
  IF v_new_active <> v_was_active THEN
    INSERT INTO public.audit_events (type, actor_id, target_user_id, detail)
    VALUES (CASE WHEN v_new_active THEN 'account_reactivated' ELSE 'account_deactivated' END, auth.uid(), p_user_id, '{}'::jsonb);
  END IF;
  RETURN QUERY SELECT v_old_role, v_was_active;
END
$$;
