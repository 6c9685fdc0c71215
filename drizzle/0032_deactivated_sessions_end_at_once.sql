-- Issue 12: a deactivated account's sessions end at once. Deactivation deletes the sessions
-- (0021/0024), but a page may trust better-auth's signed session cookie for
-- AUTH_SESSION_CACHE_SECONDS (issue 18) without reading them. Every request's transaction as a
-- user (withUser) now starts with this check, in the same message as BEGIN and the claim: no
-- round trip more, and nothing a deactivated account asks of the database runs.
-- TK005 becomes AppError("UNAUTHENTICATED") (src/server/errors.ts): pages sign the browser out.
CREATE OR REPLACE FUNCTION app.assert_active_user(p_user_id uuid) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.users u WHERE u.id = p_user_id AND u.deactivated_at IS NOT NULL) THEN
    RAISE EXCEPTION 'account deactivated' USING ERRCODE = 'TK005';
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.assert_active_user(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.assert_active_user(uuid) TO authenticated, service_role;
