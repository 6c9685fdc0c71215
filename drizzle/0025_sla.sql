-- SLA (issue 16, docs/sla.md): policies per priority (optionally per category), a business
-- calendar, the clock's state stored on each ticket (so "late", "due within 1 h" and "due
-- soonest" are index scans), and the escalation job's record of the alerts it sent.
ALTER TYPE public.ticket_event_type ADD VALUE IF NOT EXISTS 'sla_warning';
--> statement-breakpoint
ALTER TYPE public.ticket_event_type ADD VALUE IF NOT EXISTS 'sla_breached';
--> statement-breakpoint
-- Nullable columns and constant defaults: no table rewrite at 1M tickets. Existing tickets get
-- their state from the worker's batched backfill (sla_computed_at IS NULL until then).
ALTER TABLE public.support_tickets
  ADD COLUMN first_response_due_at timestamptz,
  ADD COLUMN first_response_at timestamptz,
  ADD COLUMN first_response_breached boolean NOT NULL DEFAULT false,
  ADD COLUMN next_response_started_at timestamptz,
  ADD COLUMN next_response_due_at timestamptz,
  ADD COLUMN next_response_breached boolean NOT NULL DEFAULT false,
  ADD COLUMN resolution_due_at timestamptz,
  ADD COLUMN resolution_breached boolean NOT NULL DEFAULT false,
  ADD COLUMN sla_paused_at timestamptz,
  ADD COLUMN sla_paused_seconds integer NOT NULL DEFAULT 0,
  ADD COLUMN sla_due_at timestamptz,
  ADD COLUMN sla_check_at timestamptz,
  ADD COLUMN sla_computed_at timestamptz;
--> statement-breakpoint
-- The earliest running due time: "late" (< now), "due soon" (< now + 1 h) and the sort "due
-- soonest" (keyset on (sla_due_at, id)). Only tickets with a running clock are in it.
CREATE INDEX support_tickets_sla_due_at_id_idx ON public.support_tickets (sla_due_at, id) WHERE sla_due_at IS NOT NULL;
--> statement-breakpoint
-- The escalation job's next look: only tickets that can still warn or breach are in it.
CREATE INDEX support_tickets_sla_check_at_idx ON public.support_tickets (sla_check_at) WHERE sla_check_at IS NOT NULL;
--> statement-breakpoint
-- The clock's columns are written by the clock only (app.write_ticket_sla, the worker): a user's
-- own UPDATE or INSERT cannot set them (TK002). A write that changes nothing but the clock is not
-- an edit of the ticket: updated_at, version, public_activity_at and resolved_at stay.
-- Fires after support_tickets_bump_version and support_tickets_guard (triggers run by name).
CREATE OR REPLACE FUNCTION public.support_tickets_sla_columns() RETURNS trigger
LANGUAGE plpgsql SET search_path = ''
AS $$
DECLARE
  v_sla text[] := ARRAY['first_response_due_at', 'first_response_at', 'first_response_breached',
    'next_response_started_at', 'next_response_due_at', 'next_response_breached', 'resolution_due_at',
    'resolution_breached', 'sla_paused_at', 'sla_paused_seconds', 'sla_due_at', 'sla_check_at', 'sla_computed_at'];
  v_derived text[] := ARRAY['updated_at', 'version', 'public_activity_at', 'resolved_at', 'search_vector',
    'priority_rank', 'status_rank'];
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF current_user = 'authenticated' AND (
         NEW.first_response_due_at IS NOT NULL OR NEW.first_response_at IS NOT NULL OR NEW.first_response_breached
      OR NEW.next_response_started_at IS NOT NULL OR NEW.next_response_due_at IS NOT NULL OR NEW.next_response_breached
      OR NEW.resolution_due_at IS NOT NULL OR NEW.resolution_breached OR NEW.sla_paused_at IS NOT NULL
      OR NEW.sla_paused_seconds <> 0 OR NEW.sla_due_at IS NOT NULL OR NEW.sla_check_at IS NOT NULL
      OR NEW.sla_computed_at IS NOT NULL) THEN
      RAISE EXCEPTION 'the SLA clock is not set by users' USING ERRCODE = 'TK002';
    END IF;
    RETURN NEW;
  END IF;
  IF ROW(NEW.first_response_due_at, NEW.first_response_at, NEW.first_response_breached, NEW.next_response_started_at,
         NEW.next_response_due_at, NEW.next_response_breached, NEW.resolution_due_at, NEW.resolution_breached,
         NEW.sla_paused_at, NEW.sla_paused_seconds, NEW.sla_due_at, NEW.sla_check_at, NEW.sla_computed_at)
     IS NOT DISTINCT FROM
     ROW(OLD.first_response_due_at, OLD.first_response_at, OLD.first_response_breached, OLD.next_response_started_at,
         OLD.next_response_due_at, OLD.next_response_breached, OLD.resolution_due_at, OLD.resolution_breached,
         OLD.sla_paused_at, OLD.sla_paused_seconds, OLD.sla_due_at, OLD.sla_check_at, OLD.sla_computed_at) THEN
    RETURN NEW; -- the clock did not move
  END IF;
  IF current_user = 'authenticated' THEN
    RAISE EXCEPTION 'the SLA clock is not set by users' USING ERRCODE = 'TK002';
  END IF;
  IF (to_jsonb(NEW) - v_sla - v_derived) = (to_jsonb(OLD) - v_sla - v_derived) THEN
    NEW.updated_at := OLD.updated_at;
    NEW.version := OLD.version;
    NEW.public_activity_at := OLD.public_activity_at;
    NEW.resolved_at := OLD.resolved_at;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER support_tickets_sla_columns BEFORE INSERT OR UPDATE ON public.support_tickets
  FOR EACH ROW EXECUTE FUNCTION public.support_tickets_sla_columns();
--> statement-breakpoint
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.sla_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  priority public.ticket_priority NOT NULL,
  -- NULL: the priority's default; a category narrows it.
  category text REFERENCES public.ticket_categories(slug) ON UPDATE CASCADE ON DELETE CASCADE,
  first_response_minutes integer NOT NULL CHECK (first_response_minutes BETWEEN 1 AND 525600),
  next_response_minutes integer NOT NULL CHECK (next_response_minutes BETWEEN 1 AND 525600),
  resolution_minutes integer NOT NULL CHECK (resolution_minutes BETWEEN 1 AND 525600),
  updated_by uuid REFERENCES public.users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.sla_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  priority public.ticket_priority NOT NULL,
  category text REFERENCES public.ticket_categories(slug) ON UPDATE CASCADE ON DELETE CASCADE,
  first_response_minutes integer NOT NULL CHECK (first_response_minutes BETWEEN 1 AND 525600),
  next_response_minutes integer NOT NULL CHECK (next_response_minutes BETWEEN 1 AND 525600),
  resolution_minutes integer NOT NULL CHECK (resolution_minutes BETWEEN 1 AND 525600),
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE UNIQUE INDEX sla_policies_priority_default_key ON public.sla_policies (priority) WHERE category IS NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX sla_policies_priority_category_key ON public.sla_policies (priority, category) WHERE category IS NOT NULL;
--> statement-breakpoint
CREATE INDEX sla_policies_category_idx ON public.sla_policies (category);
--> statement-breakpoint
CREATE INDEX sla_policies_updated_by_idx ON public.sla_policies (updated_by);
--> statement-breakpoint
-- The defaults of src/lib/sla-values.ts (business minutes; 540 = one 9-hour business day).
INSERT INTO public.sla_policies (priority, first_response_minutes, next_response_minutes, resolution_minutes) VALUES
  ('urgent', 60, 120, 540),
  ('high', 120, 240, 1080),
  ('medium', 240, 480, 2700),
  ('low', 540, 1080, 5400);
--> statement-breakpoint
-- One row: the weekly hours ({"1": [[480, 1020]], … "7": []}: ISO weekday → [start, end) in
-- minutes after local midnight, in APP_TIME_ZONE), whether Quebec's statutory holidays close,
-- and how long before a due time the assignee is warned.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.business_calendar (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  weekly_hours jsonb NOT NULL DEFAULT
    '{"1": [[480, 1020]], "2": [[480, 1020]], "3": [[480, 1020]], "4": [[480, 1020]], "5": [[480, 1020]], "6": [], "7": []}'::jsonb
    CHECK (jsonb_typeof(weekly_hours) = 'object'),
  statutory_holidays boolean NOT NULL DEFAULT true,
  warning_minutes integer NOT NULL DEFAULT 60 CHECK (warning_minutes BETWEEN 0 AND 1440),
  updated_by uuid REFERENCES public.users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.business_calendar (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  weekly_hours jsonb NOT NULL DEFAULT
    '{"1": [[480, 1020]], "2": [[480, 1020]], "3": [[480, 1020]], "4": [[480, 1020]], "5": [[480, 1020]], "6": [], "7": []}'::jsonb
    CHECK (jsonb_typeof(weekly_hours) = 'object'),
  statutory_holidays boolean NOT NULL DEFAULT true,
  warning_minutes integer NOT NULL DEFAULT 60 CHECK (warning_minutes BETWEEN 0 AND 1440),
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX business_calendar_updated_by_idx ON public.business_calendar (updated_by);
--> statement-breakpoint
INSERT INTO public.business_calendar (id) VALUES (true);
--> statement-breakpoint
-- Days closed on top of the statutory holidays (a closure between Christmas and New Year's).
CREATE TABLE public.business_holidays (
  day date PRIMARY KEY,
  label text NOT NULL CHECK (char_length(btrim(label)) BETWEEN 1 AND 80),
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- One row per alert the escalation job sent: a (ticket, clock, due time, stage) is warned or
-- declared breached once, whatever the number of workers (ON CONFLICT DO NOTHING).
CREATE TABLE public.ticket_sla_alerts (
  ticket_id uuid NOT NULL REFERENCES public.support_tickets(id) ON DELETE CASCADE,
  clock text NOT NULL CHECK (clock IN ('first_response', 'next_response', 'resolution')),
  due_at timestamptz NOT NULL,
  stage text NOT NULL CHECK (stage IN ('warning', 'breached')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, clock, due_at, stage)
);
--> statement-breakpoint
ALTER TABLE public.sla_policies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.sla_policies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.business_calendar ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.business_calendar FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.business_holidays ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.business_holidays FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_sla_alerts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_sla_alerts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.sla_policies, public.business_calendar, public.business_holidays, public.ticket_sla_alerts
  FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.sla_policies, public.business_holidays TO authenticated;
--> statement-breakpoint
GRANT SELECT, UPDATE ON public.business_calendar TO authenticated;
--> statement-breakpoint
GRANT SELECT ON public.ticket_sla_alerts TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.sla_policies, public.business_calendar, public.business_holidays, public.ticket_sla_alerts
  TO service_role;
--> statement-breakpoint
-- Admins only: students and tutors never see SLA (the clock reads what it needs through
-- app.sla_rules, below).
CREATE POLICY sla_policies_admin ON public.sla_policies FOR ALL TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY business_calendar_admin ON public.business_calendar FOR ALL TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY business_holidays_admin ON public.business_holidays FOR ALL TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY ticket_sla_alerts_admin_select ON public.ticket_sla_alerts FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
-- What the clock needs to compute one ticket's due times, for whoever changes the ticket (a
-- student's message moves the clock too): the policy of (priority, category), else the
-- priority's default; the calendar; the added days. Nothing about other tickets.
CREATE OR REPLACE FUNCTION app.sla_rules(p_priority public.ticket_priority, p_category text)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
  SELECT jsonb_build_object(
    'policy', (
      SELECT jsonb_build_object('firstResponse', p.first_response_minutes, 'nextResponse', p.next_response_minutes,
                                'resolution', p.resolution_minutes)
        FROM public.sla_policies p
       WHERE p.priority = p_priority AND (p.category = p_category OR p.category IS NULL)
       ORDER BY p.category IS NULL
       LIMIT 1),
    'weekly', c.weekly_hours,
    'statutory', c.statutory_holidays,
    'warningMinutes', c.warning_minutes,
    'addedDays', coalesce((SELECT jsonb_agg(to_char(h.day, 'YYYY-MM-DD')) FROM public.business_holidays h), '[]'::jsonb)
  )
  FROM public.business_calendar c
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.sla_rules(public.ticket_priority, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.sla_rules(public.ticket_priority, text) TO authenticated, service_role;
--> statement-breakpoint
-- Stores one ticket's clock, computed by the app in the change's transaction, for a caller who
-- may change that ticket (an admin, its student, the worker). p_state has every clock column
-- (camelCase keys, ISO timestamps or null).
CREATE OR REPLACE FUNCTION app.write_ticket_sla(p_ticket_id uuid, p_state jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_service boolean := current_setting('role', true) IS NOT DISTINCT FROM 'service_role';
  v_owner uuid;
BEGIN
  SELECT t.user_id INTO v_owner FROM public.support_tickets t WHERE t.id = p_ticket_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such ticket' USING ERRCODE = '42501';
  END IF;
  IF NOT v_service AND NOT app.is_admin() AND v_owner IS DISTINCT FROM auth.uid() THEN
    RAISE EXCEPTION 'not allowed to move this ticket''s clock' USING ERRCODE = '42501';
  END IF;
  UPDATE public.support_tickets t SET
    first_response_due_at = (p_state->>'firstResponseDueAt')::timestamptz,
    first_response_at = (p_state->>'firstResponseAt')::timestamptz,
    first_response_breached = (p_state->>'firstResponseBreached')::boolean,
    next_response_started_at = (p_state->>'nextResponseStartedAt')::timestamptz,
    next_response_due_at = (p_state->>'nextResponseDueAt')::timestamptz,
    next_response_breached = (p_state->>'nextResponseBreached')::boolean,
    resolution_due_at = (p_state->>'resolutionDueAt')::timestamptz,
    resolution_breached = (p_state->>'resolutionBreached')::boolean,
    sla_paused_at = (p_state->>'pausedAt')::timestamptz,
    sla_paused_seconds = (p_state->>'pausedSeconds')::integer,
    sla_due_at = (p_state->>'slaDueAt')::timestamptz,
    sla_check_at = (p_state->>'slaCheckAt')::timestamptz,
    sla_computed_at = clock_timestamp()
  WHERE t.id = p_ticket_id;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.write_ticket_sla(uuid, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.write_ticket_sla(uuid, jsonb) TO authenticated, service_role;
--> statement-breakpoint
-- Two email types for admins: a clock is about to be late, a clock is late.
ALTER TABLE public.email_notifications DROP CONSTRAINT IF EXISTS email_notifications_type_check;
--> statement-breakpoint
ALTER TABLE public.email_notifications ADD CONSTRAINT email_notifications_type_check CHECK (type IN (
  'request_received', 'support_reply', 'request_resolved', 'request_closed',
  'new_request', 'student_reply', 'ticket_assigned', 'sla_warning', 'sla_breached'));
--> statement-breakpoint
ALTER TABLE public.notification_preferences DROP CONSTRAINT IF EXISTS notification_preferences_type_check;
--> statement-breakpoint
ALTER TABLE public.notification_preferences ADD CONSTRAINT notification_preferences_type_check CHECK (type IN (
  'request_received', 'support_reply', 'request_resolved', 'request_closed',
  'new_request', 'student_reply', 'ticket_assigned', 'sla_warning', 'sla_breached'));
--> statement-breakpoint
-- The worker's backfill finds the tickets whose clock was never computed (all of them once,
-- then only a new ticket between its insert and its `created` event): an index that stays empty.
CREATE INDEX support_tickets_sla_pending_idx ON public.support_tickets (created_at, id) WHERE sla_computed_at IS NULL;
