-- Issue 17: settings admins change in the app instead of environment variables, the automatic
-- closing of resolved tickets, and category labels that cannot be shared.
--
-- One row of settings (id is always true). The Make.com endpoint's URL, API key and signing
-- secret are stored encrypted by the app (AES-256-GCM, "v1.<iv>.<tag>.<ciphertext>",
-- src/server/security/secret-box.ts): the database never holds them in clear, and no SQL reads
-- them back for a browser. webhook_url_hint is what admins are shown instead (host and the
-- last characters). Environment variables still win over each column (the page shows them locked).
DO $platform$ BEGIN IF coalesce(current_setting('app.install_mode', true), '') <> 'host' THEN EXECUTE $statement$CREATE TABLE public.app_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  webhook_url_cipher text CHECK (webhook_url_cipher IS NULL OR length(webhook_url_cipher) <= 8192),
  webhook_url_hint text CHECK (webhook_url_hint IS NULL OR length(webhook_url_hint) <= 300),
  webhook_api_key_cipher text CHECK (webhook_api_key_cipher IS NULL OR length(webhook_api_key_cipher) <= 2048),
  webhook_signing_secret_cipher text CHECK (webhook_signing_secret_cipher IS NULL OR length(webhook_signing_secret_cipher) <= 2048),
  -- NULL: every type.
  webhook_event_types text[] CHECK (webhook_event_types IS NULL OR cardinality(webhook_event_types) <= 32),
  webhook_include_internal boolean NOT NULL DEFAULT false,
  support_email text CHECK (support_email IS NULL OR length(support_email) <= 254),
  support_phone text CHECK (support_phone IS NULL OR length(support_phone) <= 40),
  support_hours text CHECK (support_hours IS NULL OR length(support_hours) <= 200),
  -- Resolved tickets close after this many days without a student reply (0 = never).
  auto_close_days integer NOT NULL DEFAULT 7 CHECK (auto_close_days BETWEEN 0 AND 365),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES public.users (id) ON DELETE SET NULL
);$statement$; ELSE EXECUTE $statement$CREATE TABLE public.app_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  webhook_url_cipher text CHECK (webhook_url_cipher IS NULL OR length(webhook_url_cipher) <= 8192),
  webhook_url_hint text CHECK (webhook_url_hint IS NULL OR length(webhook_url_hint) <= 300),
  webhook_api_key_cipher text CHECK (webhook_api_key_cipher IS NULL OR length(webhook_api_key_cipher) <= 2048),
  webhook_signing_secret_cipher text CHECK (webhook_signing_secret_cipher IS NULL OR length(webhook_signing_secret_cipher) <= 2048),
  webhook_event_types text[] CHECK (webhook_event_types IS NULL OR cardinality(webhook_event_types) <= 32),
  webhook_include_internal boolean NOT NULL DEFAULT false,
  support_email text CHECK (support_email IS NULL OR length(support_email) <= 254),
  support_phone text CHECK (support_phone IS NULL OR length(support_phone) <= 40),
  support_hours text CHECK (support_hours IS NULL OR length(support_hours) <= 200),
  auto_close_days integer NOT NULL DEFAULT 7 CHECK (auto_close_days BETWEEN 0 AND 365),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);$statement$; END IF; END $platform$;
--> statement-breakpoint
INSERT INTO public.app_settings (id) VALUES (true) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
ALTER TABLE public.app_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.app_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON public.app_settings FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
-- Admins read and change the row (never insert or delete it); the worker reads it as service_role.
GRANT SELECT, UPDATE ON public.app_settings TO authenticated;
--> statement-breakpoint
GRANT ALL ON public.app_settings TO service_role;
--> statement-breakpoint
CREATE POLICY app_settings_admin_read ON public.app_settings FOR SELECT TO authenticated
  USING ((SELECT app.is_admin()));
--> statement-breakpoint
CREATE POLICY app_settings_admin_update ON public.app_settings FOR UPDATE TO authenticated
  USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
--> statement-breakpoint
-- What anyone signed in (and the sign-in page) may know: the support contact and the closing
-- delay a student's resolved ticket announces. Nothing secret, no webhook setting.
CREATE OR REPLACE FUNCTION app.public_settings()
RETURNS TABLE (support_email text, support_phone text, support_hours text, auto_close_days integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
  SELECT s.support_email, s.support_phone, s.support_hours, s.auto_close_days
    FROM public.app_settings s WHERE s.id
$$;
--> statement-breakpoint
ALTER FUNCTION app.public_settings() OWNER TO service_role;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.public_settings() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.public_settings() TO anon, authenticated, service_role;
--> statement-breakpoint
-- What a ticket change needs to decide whether (and how) an event goes to the outbox, in the
-- change's transaction, whoever makes it: whether a URL is stored, the types, internal notes.
CREATE OR REPLACE FUNCTION app.webhook_publish_settings()
RETURNS TABLE (has_url boolean, event_types text[], include_internal boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
  SELECT s.webhook_url_cipher IS NOT NULL, s.webhook_event_types, s.webhook_include_internal
    FROM public.app_settings s WHERE s.id
$$;
--> statement-breakpoint
ALTER FUNCTION app.webhook_publish_settings() OWNER TO service_role;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app.webhook_publish_settings() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app.webhook_publish_settings() TO authenticated, service_role;
--> statement-breakpoint
-- The auto-close job's walk: resolved tickets, oldest resolution first. Partial, so it costs
-- nothing for the other statuses and stays small at 1M tickets.
CREATE INDEX IF NOT EXISTS support_tickets_resolved_at_idx ON public.support_tickets (resolved_at, id)
  WHERE status = 'resolved';
--> statement-breakpoint
-- Two categories cannot share a label (in either language, whatever the case). Labels that
-- already collide get their slug appended first, so the index can be built.
UPDATE public.ticket_categories c SET label_fr = c.label_fr || ' (' || c.slug || ')'
 WHERE EXISTS (SELECT 1 FROM public.ticket_categories o
                WHERE lower(o.label_fr) = lower(c.label_fr) AND o.slug < c.slug);
--> statement-breakpoint
UPDATE public.ticket_categories c SET label_en = c.label_en || ' (' || c.slug || ')'
 WHERE EXISTS (SELECT 1 FROM public.ticket_categories o
                WHERE lower(o.label_en) = lower(c.label_en) AND o.slug < c.slug);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS ticket_categories_label_fr_key ON public.ticket_categories (lower(label_fr));
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS ticket_categories_label_en_key ON public.ticket_categories (lower(label_en));
