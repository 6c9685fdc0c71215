-- Issue 12: a session ended elsewhere ends here at once. Pages may trust better-auth's signed
-- session cookie for AUTH_SESSION_CACHE_SECONDS (issue 18) without reading the sessions table,
-- so a password reset (which deletes every session of the account), a sign-out on another
-- device or a revoked session used to keep serving a browser that still held the cookie until
-- it expired. Every transaction of a signed-in request now starts with this check instead of
-- 0032's, in the same message as BEGIN: the account is active AND the session the cookie names
-- is still a row of the table. A primary-key probe: no round trip more than 0032's.
-- Worker jobs and tests that act for a user without a session keep app.assert_active_user.
CREATE OR REPLACE FUNCTION app.assert_active_session(p_user_id uuid, p_session_id uuid) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.users u WHERE u.id = p_user_id AND u.deactivated_at IS NOT NULL) THEN
    RAISE EXCEPTION 'account deactivated' USING ERRCODE = 'TK005';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM public.sessions s
     WHERE s.id = p_session_id AND s.user_id = p_user_id AND s.expires_at > now()
  ) THEN
    RAISE EXCEPTION 'session ended' USING ERRCODE = 'TK005';
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.assert_active_session(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.assert_active_session(uuid, uuid) TO authenticated, service_role;
