-- Full-text search's candidates for a contact (app_search_tickets, 0013) are one organization's tickets
-- and events that match the words. With a GIN index on the document alone, PostgreSQL intersected the
-- organization's btree entries with every organization's matches of the word: a common word ("migration")
-- matched 115,636 events at 200,000 tickets, 102 ms of a 110 ms search, growing with the whole table. A
-- GIN index over both columns (btree_gin gives uuids a GIN operator class) finds the organization's matches
-- alone: the same search read 59 entries in 1.6 ms. Staff searching every organization keep the document's
-- own indexes.
-- With that index, a generic plan (one planned for any organization and words) is the right plan: 0013
-- planned every call for its own values because the generic one then scanned every organization's matches.
-- Planning each call cost more than running it (pgbench, one client: 3.1 ms a call generic, 6.0 custom).
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE INDEX "tickets_organization_search_idx" ON "tickets" USING gin ("organization_id","search_document");--> statement-breakpoint
CREATE INDEX "ticket_events_organization_search_idx" ON "ticket_events" USING gin ("organization_id","search_document");--> statement-breakpoint
ALTER FUNCTION app_search_tickets(tsquery, integer) SET plan_cache_mode = force_generic_plan;
