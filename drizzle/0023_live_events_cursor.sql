-- Live updates (issue 14): a browser that reconnects resumes from the last history row it got
-- (Last-Event-ID = created_at in microseconds + id). The replay reads ticket_events in that
-- order from a cursor, across all tickets: without this index it would scan the whole history.
CREATE INDEX IF NOT EXISTS "ticket_events_created_at_id_idx" ON "ticket_events" USING btree ("created_at", "id");
