-- Accent- and case-insensitive French search: "reservation" finds "Réservations".
-- unaccent is a trusted extension (installable by the database owner, present on Supabase/RDS).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
DO $$ BEGIN
  CREATE TEXT SEARCH CONFIGURATION public.ticket_search (COPY = pg_catalog.french);
EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
END $$;
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION public.ticket_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
