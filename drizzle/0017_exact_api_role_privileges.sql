-- Exact privileges for anon and authenticated, also under Supabase's default privileges.
-- Supabase's init scripts make everything `postgres` creates in schema public granted ALL to
-- anon, authenticated and service_role (ALTER DEFAULT PRIVILEGES ... IN SCHEMA public). Its
-- Data API (PostgREST) serves public to anyone holding the project's anon key, so on Supabase
-- better-auth's sessions, accounts and verifications were readable and writable by anon, and
-- anon/authenticated could TRUNCATE every ticket table (TRUNCATE ignores RLS) or call
-- wake_webhook_delivery(). Here each object of ours gets back exactly what 0001, 0008, 0011,
-- 0012 and 0015 grant, and nothing else. On plain PostgreSQL it changes nothing.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$REVOKE ALL ON public.users, public.courses, public.appointments, public.orders, public.ticket_categories,
  public.support_tickets, public.ticket_messages, public.ticket_attachments, public.ticket_events, public.ticket_reads,
  public.webhook_events, public.webhook_attempts, public.webhook_endpoints,
  public.sessions, public.accounts, public.verifications
  FROM anon, authenticated;$statement$; ELSE EXECUTE $statement$REVOKE ALL ON public.ticket_categories,
  public.support_tickets, public.ticket_messages, public.ticket_attachments, public.ticket_events, public.ticket_reads,
  public.webhook_events, public.webhook_attempts, public.webhook_endpoints
  FROM anon, authenticated;$statement$; END IF; END $platform$;
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$GRANT SELECT ON public.users, public.courses, public.appointments, public.orders, public.ticket_categories TO authenticated;$statement$; ELSE EXECUTE $statement$GRANT SELECT ON public.ticket_categories TO authenticated;$statement$; END IF; END $platform$;
--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON public.ticket_categories TO authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.support_tickets, public.ticket_messages, public.ticket_attachments, public.ticket_events, public.ticket_reads TO authenticated;
--> statement-breakpoint
GRANT SELECT ON public.webhook_events, public.webhook_attempts, public.webhook_endpoints TO authenticated;
--> statement-breakpoint
REVOKE ALL ON SEQUENCE public.support_tickets_number_seq FROM anon, authenticated;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE public.support_tickets_number_seq TO authenticated;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.wake_webhook_delivery(text, timestamptz) FROM anon, authenticated;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.enqueue_webhook_event(text, uuid, jsonb, public.webhook_state, text),
  public.retry_webhook_events(uuid[]), public.enable_webhook_endpoint(text),
  public.admin_search_ticket_ids(tsquery, integer), public.admin_ticket_counts(uuid, integer),
  public.shares_appointment_with(uuid)
  FROM anon;
