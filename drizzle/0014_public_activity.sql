-- What a student sees as "updated". updated_at also moves for internal notes, priority
-- changes and reassignments: a student's list reordered, and showed "updated 2 min ago", when
-- the staff wrote a note they cannot read. public_activity_at moves only for what the student
-- can see (creation, a public message, the status, whether the ticket is assigned); their list
-- sorts by it, on its own index.
DROP INDEX "support_tickets_user_id_updated_at_id_idx";--> statement-breakpoint
ALTER TABLE "support_tickets" ADD COLUMN "public_activity_at" timestamp with time zone DEFAULT '-infinity'::timestamptz NOT NULL;--> statement-breakpoint
-- Existing tickets: their last public message, status change or (un)assignment, else their
-- creation. A data
-- repair, not a change by anyone: the triggers (updated_at, version, rules) stay out of it.
ALTER TABLE "support_tickets" DISABLE TRIGGER USER;--> statement-breakpoint
UPDATE "support_tickets" t SET "public_activity_at" = greatest(
  t.created_at,
  (SELECT max(m.created_at) FROM public.ticket_messages m WHERE m.ticket_id = t.id AND NOT m.is_internal),
  (SELECT max(e.created_at) FROM public.ticket_events e
    WHERE e.ticket_id = t.id AND (e.type = 'status_changed'
      OR (e.type = 'assigned' AND (e.from_value IS NULL OR e.to_value IS NULL)))));--> statement-breakpoint
ALTER TABLE "support_tickets" ENABLE TRIGGER USER;--> statement-breakpoint
CREATE INDEX "support_tickets_user_id_public_activity_at_id_idx" ON "support_tickets" USING btree ("user_id","public_activity_at","id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.support_tickets_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = ''
AS $$
DECLARE
  v_is_admin boolean;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := clock_timestamp();
    -- What the student sees moved: the status, assigned or not, or a public message (the
    -- service touches public_activity_at). Nobody can set it to another time than now.
    IF NEW.status IS DISTINCT FROM OLD.status
       OR (NEW.assigned_to IS NULL) <> (OLD.assigned_to IS NULL)
       OR NEW.public_activity_at IS DISTINCT FROM OLD.public_activity_at THEN
      NEW.public_activity_at := NEW.updated_at;
    END IF;
    IF NEW.status = 'resolved' AND OLD.status IS DISTINCT FROM 'resolved' THEN
      NEW.resolved_at := NEW.updated_at;
    ELSIF NEW.status IN ('open', 'in_progress') THEN
      NEW.resolved_at := NULL;
    ELSE
      -- closing (it keeps when it was resolved, if it was) or no status change
      NEW.resolved_at := OLD.resolved_at;
    END IF;
  ELSE
    IF NEW.status = 'resolved' AND NEW.resolved_at IS NULL THEN
      NEW.resolved_at := clock_timestamp();
    END IF;
    -- Not given (the column's default): its last update, as seeds and imports give it.
    IF NEW.public_activity_at = '-infinity' THEN
      NEW.public_activity_at := NEW.updated_at;
    END IF;
  END IF;

  IF current_user <> 'authenticated' THEN
    RETURN NEW;
  END IF;
  v_is_admin := app.is_admin();

  IF TG_OP = 'INSERT' THEN
    IF NOT v_is_admin AND (NEW.status <> 'open' OR NEW.priority <> 'medium'
        OR NEW.assigned_to IS NOT NULL OR NEW.resolved_at IS NOT NULL) THEN
      RAISE EXCEPTION 'students cannot set status, priority or assignee' USING ERRCODE = 'TK002';
    END IF;
    IF NEW.assigned_to IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM public.users u WHERE u.id = NEW.assigned_to AND u.role = 'admin') THEN
      RAISE EXCEPTION 'tickets can only be assigned to admins' USING ERRCODE = 'TK003';
    END IF;
    NEW.created_at := clock_timestamp();
    NEW.updated_at := NEW.created_at;
    NEW.public_activity_at := NEW.created_at;
    RETURN NEW;
  END IF;

  IF NEW.status IS DISTINCT FROM OLD.status
     AND NOT public.ticket_status_transition_allowed(OLD.status, NEW.status, v_is_admin) THEN
    RAISE EXCEPTION 'status transition % -> % not allowed', OLD.status, NEW.status USING ERRCODE = 'TK001';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.number IS DISTINCT FROM OLD.number
     OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'ticket identity cannot change' USING ERRCODE = 'TK002';
  END IF;
  IF NOT v_is_admin AND (
       NEW.subject IS DISTINCT FROM OLD.subject OR NEW.description IS DISTINCT FROM OLD.description
    OR NEW.category IS DISTINCT FROM OLD.category OR NEW.priority IS DISTINCT FROM OLD.priority
    OR NEW.assigned_to IS DISTINCT FROM OLD.assigned_to OR NEW.appointment_id IS DISTINCT FROM OLD.appointment_id
    OR NEW.order_id IS DISTINCT FROM OLD.order_id) THEN
    RAISE EXCEPTION 'students can only change the status of their ticket' USING ERRCODE = 'TK002';
  END IF;
  IF NEW.assigned_to IS DISTINCT FROM OLD.assigned_to AND NEW.assigned_to IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM public.users u WHERE u.id = NEW.assigned_to AND u.role = 'admin') THEN
    RAISE EXCEPTION 'tickets can only be assigned to admins' USING ERRCODE = 'TK003';
  END IF;
  RETURN NEW;
END
$$;
