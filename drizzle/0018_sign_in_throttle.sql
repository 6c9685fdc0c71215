-- Sign-in throttling (issue 12, src/server/auth/sign-in-limiter.ts): failures per account
-- (sha-256 of the email) and per client address, shared by every app process and kept across
-- restarts. Only the login role that runs better-auth touches it: RLS on with no policy, and
-- no grant to the request roles.
CREATE TABLE public.sign_in_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);
--> statement-breakpoint
ALTER TABLE public.sign_in_throttle ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.sign_in_throttle FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
-- Old rows are forgotten by the limiter itself; this keeps a periodic clean-up cheap.
CREATE INDEX sign_in_throttle_last_attempt_idx ON public.sign_in_throttle (last_attempt_at);
