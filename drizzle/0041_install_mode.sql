-- Issue 20, host mode (docs/supabase.md, section 5): the mode a database was installed in,
-- one row, written by the first run that reaches this migration. The migrator
-- (src/server/db/migrate.ts) sets app.install_mode on its session before migrating and refuses
-- to run when it differs from this row: switching an installed database between standalone
-- and host mode is not supported. Databases installed before this migration are standalone
-- (host mode did not exist), which is what the first run records for them.
CREATE TABLE IF NOT EXISTS app.install_info (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  mode text NOT NULL CHECK (mode IN ('standalone', 'host')),
  installed_at timestamptz NOT NULL DEFAULT now()
);--> statement-breakpoint
REVOKE ALL ON app.install_info FROM PUBLIC;--> statement-breakpoint
INSERT INTO app.install_info (mode)
VALUES (CASE WHEN coalesce(current_setting('app.install_mode', true), '') = 'host' THEN 'host' ELSE 'standalone' END)
ON CONFLICT (only_row) DO NOTHING;
