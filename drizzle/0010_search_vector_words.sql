ALTER TABLE "support_tickets" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "support_tickets" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('public.ticket_search'::regconfig, subject), 'A') || setweight(to_tsvector('public.ticket_search_simple'::regconfig, subject), 'A') || setweight(to_tsvector('public.ticket_search'::regconfig, description), 'B') || setweight(to_tsvector('public.ticket_search_simple'::regconfig, description), 'B')) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_events" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp();--> statement-breakpoint
ALTER TABLE "ticket_messages" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp();--> statement-breakpoint
-- Dropping the column dropped its GIN index (drizzle-kit does not know): build it again.
CREATE INDEX "support_tickets_search_idx" ON "support_tickets" USING gin ("search_vector");
