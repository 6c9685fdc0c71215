-- Worker heartbeats (issue 19, src/server/db/worker-heartbeat.ts): each worker process writes
-- its row every few seconds, so the readiness check (/api/health/ready) and the admin dashboard
-- can tell when no worker has been seen for a while. Only the login role that runs the worker
-- and the app touches it: RLS on with no policy, and no grant to the request roles.
CREATE TABLE public.worker_heartbeats (
  id uuid PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
ALTER TABLE public.worker_heartbeats ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.worker_heartbeats FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
CREATE INDEX worker_heartbeats_last_seen_idx ON public.worker_heartbeats (last_seen_at);
