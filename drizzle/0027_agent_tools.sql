-- Agent tools (issue 15, part one): canned replies, request templates per category, and the
-- auto-assignment rules with each admin's availability and capacity.
-- Students and tutors see none of it: every new table is admin-only under RLS, and the creation
-- path applies the rules as service_role inside the student's own transaction
-- (src/features/tickets/service/create-ticket.ts), never by opening them to students.

-- Canned replies: an admin's own (personal) or the team's (shared), with a body per language.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.canned_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  is_shared boolean NOT NULL DEFAULT false,
  title text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 120),
  body_fr text NOT NULL CHECK (char_length(btrim(body_fr)) BETWEEN 1 AND 5000),
  body_en text NOT NULL CHECK (char_length(btrim(body_en)) BETWEEN 1 AND 5000),
  usage_count integer NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.canned_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL,
  is_shared boolean NOT NULL DEFAULT false,
  title text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 120),
  body_fr text NOT NULL CHECK (char_length(btrim(body_fr)) BETWEEN 1 AND 5000),
  body_en text NOT NULL CHECK (char_length(btrim(body_en)) BETWEEN 1 AND 5000),
  usage_count integer NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX canned_replies_owner_id_idx ON public.canned_replies (owner_id);
--> statement-breakpoint
-- The picker's order: most used first.
CREATE INDEX canned_replies_usage_idx ON public.canned_replies (usage_count DESC, title, id);
--> statement-breakpoint
-- Each admin's availability and optional capacity. No row: available, no limit, keep tickets.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.admin_availability (
  user_id uuid PRIMARY KEY REFERENCES public.users(id) ON DELETE CASCADE,
  is_away boolean NOT NULL DEFAULT false,
  max_open_tickets integer CHECK (max_open_tickets BETWEEN 1 AND 10000),
  release_on_away boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.admin_availability (
  user_id uuid PRIMARY KEY,
  is_away boolean NOT NULL DEFAULT false,
  max_open_tickets integer CHECK (max_open_tickets BETWEEN 1 AND 10000),
  release_on_away boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
-- Ordered auto-assignment rules: the first active rule whose conditions match a new ticket and
-- that has an eligible admin assigns it. NULL category = any category; subject_words: any of
-- them in the subject (lowercased, unaccented); context: the student's linked context.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.assignment_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 120),
  position integer NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  category text REFERENCES public.ticket_categories(slug) ON UPDATE CASCADE ON DELETE CASCADE,
  subject_words text[] NOT NULL DEFAULT '{}' CHECK (cardinality(subject_words) <= 20),
  context text NOT NULL DEFAULT 'any' CHECK (context IN ('any', 'appointment', 'order', 'none')),
  strategy text NOT NULL CHECK (strategy IN ('single', 'round_robin', 'least_open')),
  admin_ids uuid[] NOT NULL CHECK (cardinality(admin_ids) BETWEEN 1 AND 50),
  -- Round-robin's pointer: the admin this rule gave its last ticket to.
  last_assignee_id uuid REFERENCES public.users(id) ON DELETE SET NULL,
  created_by uuid REFERENCES public.users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (strategy <> 'single' OR cardinality(admin_ids) = 1)
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.assignment_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 120),
  position integer NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  category text REFERENCES public.ticket_categories(slug) ON UPDATE CASCADE ON DELETE CASCADE,
  subject_words text[] NOT NULL DEFAULT '{}' CHECK (cardinality(subject_words) <= 20),
  context text NOT NULL DEFAULT 'any' CHECK (context IN ('any', 'appointment', 'order', 'none')),
  strategy text NOT NULL CHECK (strategy IN ('single', 'round_robin', 'least_open')),
  admin_ids uuid[] NOT NULL CHECK (cardinality(admin_ids) BETWEEN 1 AND 50),
  last_assignee_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (strategy <> 'single' OR cardinality(admin_ids) = 1)
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX assignment_rules_active_position_idx ON public.assignment_rules (position, id) WHERE is_active;
--> statement-breakpoint
CREATE INDEX assignment_rules_category_idx ON public.assignment_rules (category);
--> statement-breakpoint
CREATE INDEX assignment_rules_last_assignee_id_idx ON public.assignment_rules (last_assignee_id);
--> statement-breakpoint
CREATE INDEX assignment_rules_created_by_idx ON public.assignment_rules (created_by);
--> statement-breakpoint
-- A change made by a rule: no actor, the rule (and its name as it was, should it be renamed or deleted).
ALTER TABLE public.ticket_events
  ADD COLUMN rule_id uuid REFERENCES public.assignment_rules(id) ON DELETE SET NULL,
  ADD COLUMN rule_name text;
--> statement-breakpoint
CREATE INDEX ticket_events_rule_id_idx ON public.ticket_events (rule_id) WHERE rule_id IS NOT NULL;
--> statement-breakpoint
-- Request templates: what to include, shown to students when they pick the category, and the
-- link (order / appointment) a request in it must carry (checked by the server).
ALTER TABLE public.ticket_categories
  ADD COLUMN prompt_fr text NOT NULL DEFAULT '' CHECK (char_length(prompt_fr) <= 1000),
  ADD COLUMN prompt_en text NOT NULL DEFAULT '' CHECK (char_length(prompt_en) <= 1000),
  ADD COLUMN required_link text CHECK (required_link IN ('order', 'appointment'));
--> statement-breakpoint
ALTER TABLE public.canned_replies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.canned_replies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.admin_availability ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.admin_availability FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.assignment_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.assignment_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.canned_replies, public.admin_availability, public.assignment_rules FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.canned_replies, public.assignment_rules TO authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON public.admin_availability TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.canned_replies, public.admin_availability, public.assignment_rules TO service_role;
--> statement-breakpoint
-- An admin sees the team's replies and their own; writes their own and the team's.
CREATE POLICY canned_replies_admin_select ON public.canned_replies FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()) AND (is_shared OR owner_id = (SELECT auth.uid())));
--> statement-breakpoint
CREATE POLICY canned_replies_admin_insert ON public.canned_replies FOR INSERT TO authenticated
  WITH CHECK ((SELECT app.is_admin()) AND owner_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY canned_replies_admin_update ON public.canned_replies FOR UPDATE TO authenticated
  USING ((SELECT app.is_admin()) AND (is_shared OR owner_id = (SELECT auth.uid())))
  WITH CHECK ((SELECT app.is_admin()) AND (is_shared OR owner_id = (SELECT auth.uid())));
--> statement-breakpoint
CREATE POLICY canned_replies_admin_delete ON public.canned_replies FOR DELETE TO authenticated
  USING ((SELECT app.is_admin()) AND (is_shared OR owner_id = (SELECT auth.uid())));
--> statement-breakpoint
CREATE POLICY admin_availability_admin_select ON public.admin_availability FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY admin_availability_own_insert ON public.admin_availability FOR INSERT TO authenticated
  WITH CHECK ((SELECT app.is_admin()) AND user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY admin_availability_own_update ON public.admin_availability FOR UPDATE TO authenticated
  USING ((SELECT app.is_admin()) AND user_id = (SELECT auth.uid()))
  WITH CHECK ((SELECT app.is_admin()) AND user_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY assignment_rules_admin_all ON public.assignment_rules FOR ALL TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
-- Prompts for two of the plan's categories; no required link by default (a database migrated
-- from before keeps accepting the same requests until an admin asks for one).
UPDATE public.ticket_categories
   SET prompt_fr = 'Indiquez la commande concernée et ce qui ne va pas (montant, date du paiement).',
       prompt_en = 'Name the order and what is wrong (amount, date of payment).'
 WHERE slug = 'paiement' AND prompt_fr = '';
--> statement-breakpoint
UPDATE public.ticket_categories
   SET prompt_fr = 'Choisissez la séance concernée et dites ce que vous souhaitez changer.',
       prompt_en = 'Choose the session and say what you would like to change.'
 WHERE slug = 'reservations' AND prompt_fr = '';
