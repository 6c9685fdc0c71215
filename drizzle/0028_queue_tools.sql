-- Queue tools (issue 15): admin-only tags on tickets, saved views of the admin list, and
-- merging a duplicate request into another of the same student. Everything here is for admins
-- only: students never read tags, views, or the history lines these add (ticket_events is
-- already admin-only).

-- History lines of the new changes. Added, not used in this migration (a value added in a
-- transaction cannot be used before it commits).
ALTER TYPE public.ticket_event_type ADD VALUE IF NOT EXISTS 'tag_added';
--> statement-breakpoint
ALTER TYPE public.ticket_event_type ADD VALUE IF NOT EXISTS 'tag_removed';
--> statement-breakpoint
ALTER TYPE public.ticket_event_type ADD VALUE IF NOT EXISTS 'merged_into';
--> statement-breakpoint
ALTER TYPE public.ticket_event_type ADD VALUE IF NOT EXISTS 'merged_from';
--> statement-breakpoint
-- Tags: created on the fly by admins, renamed, merged. One name per tag whatever its case.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.ticket_tags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40 AND name = btrim(name)),
  created_by uuid REFERENCES public.users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.ticket_tags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 40 AND name = btrim(name)),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE UNIQUE INDEX ticket_tags_name_key ON public.ticket_tags (lower(name));
--> statement-breakpoint
CREATE INDEX ticket_tags_created_by_idx ON public.ticket_tags (created_by);
--> statement-breakpoint
-- Which ticket has which tag. The primary key reads a ticket's tags; (tag_id, ticket_id)
-- answers "tickets with this tag" for the list filter (an EXISTS probe per ticket walked in the
-- sort's order when the tag is common, or the tag's tickets read first when it is rare).
CREATE TABLE public.support_ticket_tags (
  ticket_id uuid NOT NULL REFERENCES public.support_tickets(id) ON DELETE CASCADE,
  tag_id uuid NOT NULL REFERENCES public.ticket_tags(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, tag_id)
);
--> statement-breakpoint
CREATE INDEX support_ticket_tags_tag_id_ticket_id_idx ON public.support_ticket_tags (tag_id, ticket_id);
--> statement-breakpoint
-- Saved views: the admin list's filters and sort under a name, the owner's or shared with
-- every admin. `params` holds the list's address parameters (status, priority, tags, sort…),
-- checked again by the app each time the view opens.
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.saved_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 60 AND name = btrim(name)),
  is_shared boolean NOT NULL DEFAULT false,
  params jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.saved_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL,
  name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 60 AND name = btrim(name)),
  is_shared boolean NOT NULL DEFAULT false,
  params jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);$statement$; END IF; END $platform$;
--> statement-breakpoint
CREATE INDEX saved_views_owner_id_idx ON public.saved_views (owner_id);
--> statement-breakpoint
CREATE INDEX saved_views_shared_idx ON public.saved_views (is_shared) WHERE is_shared;
--> statement-breakpoint
-- Merge: the duplicate points at the request it was merged into. A new nullable column with no
-- default: no table rewrite at a million rows. The partial index serves "the requests merged
-- into this one" (the target's thread shows their messages) and stays tiny.
ALTER TABLE public.support_tickets ADD COLUMN merged_into_id uuid REFERENCES public.support_tickets(id);
--> statement-breakpoint
CREATE INDEX support_tickets_merged_into_id_idx ON public.support_tickets (merged_into_id) WHERE merged_into_id IS NOT NULL;
--> statement-breakpoint
-- The merge rules again in SQL, whatever the caller: only admins merge, once, into another
-- request of the same student that is neither closed nor itself merged.
CREATE OR REPLACE FUNCTION public.support_tickets_merge_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = ''
AS $$
DECLARE
  v_target record;
BEGIN
  IF NEW.merged_into_id IS NOT DISTINCT FROM OLD.merged_into_id THEN
    RETURN NEW;
  END IF;
  IF current_user = 'authenticated' AND NOT app.is_admin() THEN
    RAISE EXCEPTION 'only admins merge requests' USING ERRCODE = 'TK002';
  END IF;
  IF OLD.merged_into_id IS NOT NULL OR NEW.merged_into_id IS NULL OR NEW.merged_into_id = NEW.id THEN
    RAISE EXCEPTION 'a request is merged once, into another one' USING ERRCODE = 'TK004';
  END IF;
  SELECT t.user_id, t.status, t.merged_into_id INTO v_target
    FROM public.support_tickets t WHERE t.id = NEW.merged_into_id;
  IF NOT FOUND OR v_target.user_id <> NEW.user_id OR v_target.status = 'closed'
     OR v_target.merged_into_id IS NOT NULL THEN
    RAISE EXCEPTION 'merge target refused' USING ERRCODE = 'TK004';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER support_tickets_merge_guard BEFORE UPDATE OF merged_into_id ON public.support_tickets
  FOR EACH ROW EXECUTE FUNCTION public.support_tickets_merge_guard();
--> statement-breakpoint
ALTER TABLE public.ticket_tags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.ticket_tags FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.support_ticket_tags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.support_ticket_tags FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.saved_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.saved_views FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.ticket_tags, public.support_ticket_tags, public.saved_views FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON public.ticket_tags, public.support_ticket_tags, public.saved_views TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.ticket_tags, public.support_ticket_tags, public.saved_views TO service_role;
--> statement-breakpoint
CREATE POLICY ticket_tags_admin_all ON public.ticket_tags FOR ALL TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY support_ticket_tags_admin_all ON public.support_ticket_tags FOR ALL TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
-- An admin reads their own views and the shared ones, and changes only their own.
CREATE POLICY saved_views_select ON public.saved_views FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()) AND (owner_id = (SELECT auth.uid()) OR is_shared));
--> statement-breakpoint
CREATE POLICY saved_views_insert ON public.saved_views FOR INSERT TO authenticated
  WITH CHECK ((SELECT app.is_admin()) AND owner_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY saved_views_update ON public.saved_views FOR UPDATE TO authenticated
  USING ((SELECT app.is_admin()) AND owner_id = (SELECT auth.uid()))
  WITH CHECK ((SELECT app.is_admin()) AND owner_id = (SELECT auth.uid()));
--> statement-breakpoint
CREATE POLICY saved_views_delete ON public.saved_views FOR DELETE TO authenticated
  USING ((SELECT app.is_admin()) AND owner_id = (SELECT auth.uid()));
