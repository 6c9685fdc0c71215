-- Every update bumps support_tickets.version: services compare it with the version the
-- user saw, so two admins editing the same ticket never overwrite each other silently.
CREATE OR REPLACE FUNCTION public.support_tickets_bump_version() RETURNS trigger
LANGUAGE plpgsql SET search_path = ''
AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER support_tickets_bump_version BEFORE UPDATE ON public.support_tickets
  FOR EACH ROW EXECUTE FUNCTION public.support_tickets_bump_version();
