-- Idempotency-Key of the write routes (issue 19, src/server/idempotency.ts): POST /api/tickets and
-- POST /api/tickets/{id}/messages record their answer here in the transaction of the write, so
-- a retry after a cut-off commit gets the first answer instead of a second ticket or message.
-- Keys are per user (RLS: a user sees and claims only their own); the worker deletes keys older
-- than 24 h (hourly, as service_role), and a key older than that is free again meanwhile.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.idempotency_keys (
  user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  key text NOT NULL CONSTRAINT idempotency_keys_key_length CHECK (char_length(key) BETWEEN 1 AND 255),
  -- sha-256 (hex) of what the request asked: route, fields, files' names and sizes.
  request_hash text NOT NULL,
  -- Null only inside the claiming transaction: a committed row always has its answer.
  response_status integer,
  response_body json, -- json, not jsonb: a replay sends the very text of the first answer
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.idempotency_keys (
  user_id uuid NOT NULL,
  key text NOT NULL CONSTRAINT idempotency_keys_key_length CHECK (char_length(key) BETWEEN 1 AND 255),
  request_hash text NOT NULL,
  response_status integer,
  response_body json, -- json, not jsonb: a replay sends the very text of the first answer
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX idempotency_keys_created_at_idx ON public.idempotency_keys (created_at);
--> statement-breakpoint
ALTER TABLE public.idempotency_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.idempotency_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.idempotency_keys FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
-- INSERT ... ON CONFLICT DO UPDATE (re-claiming an expired key) needs SELECT and UPDATE too.
GRANT SELECT, INSERT, UPDATE ON public.idempotency_keys TO authenticated;
--> statement-breakpoint
GRANT SELECT, DELETE ON public.idempotency_keys TO service_role;
--> statement-breakpoint
CREATE POLICY idempotency_keys_own ON public.idempotency_keys FOR ALL TO authenticated
  USING (user_id = (SELECT auth.uid()))
  WITH CHECK (user_id = (SELECT auth.uid()));
