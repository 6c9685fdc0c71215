-- Integer ranks of priority and status for sorting, keyset cursors and filters. Under RLS
-- only leakproof operators can be index conditions, and enum comparisons (enum_eq, enum_lt)
-- are not leakproof: a page 500 sorted by priority, or "open + urgent", started its scan
-- at the first row of the index. smallint comparisons are leakproof. One ALTER TABLE, so the
-- table is rewritten once; the enum-led indexes are replaced by rank-led ones.
DROP INDEX "support_tickets_status_created_at_id_idx";--> statement-breakpoint
DROP INDEX "support_tickets_priority_created_at_id_idx";--> statement-breakpoint
ALTER TABLE "support_tickets"
  ADD COLUMN "priority_rank" smallint GENERATED ALWAYS AS (case priority when 'low' then 1 when 'medium' then 2 when 'high' then 3 when 'urgent' then 4 end) STORED NOT NULL,
  ADD COLUMN "status_rank" smallint GENERATED ALWAYS AS (case status when 'open' then 1 when 'in_progress' then 2 when 'resolved' then 3 when 'closed' then 4 end) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "support_tickets_status_rank_created_at_id_idx" ON "support_tickets" USING btree ("status_rank","created_at","id");--> statement-breakpoint
CREATE INDEX "support_tickets_priority_rank_created_at_id_idx" ON "support_tickets" USING btree ("priority_rank","created_at","id");
