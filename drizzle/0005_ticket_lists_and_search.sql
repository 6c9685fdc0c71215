ALTER TABLE "support_tickets" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('public.ticket_search'::regconfig, subject), 'A') || setweight(to_tsvector('public.ticket_search'::regconfig, description), 'B')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "support_tickets_created_at_id_idx" ON "support_tickets" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "support_tickets_updated_at_id_idx" ON "support_tickets" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "support_tickets_status_created_at_id_idx" ON "support_tickets" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "support_tickets_priority_created_at_id_idx" ON "support_tickets" USING btree ("priority","created_at","id");--> statement-breakpoint
CREATE INDEX "support_tickets_user_id_updated_at_id_idx" ON "support_tickets" USING btree ("user_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "support_tickets_search_idx" ON "support_tickets" USING gin ("search_vector");