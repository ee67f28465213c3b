-- The full-text search indexes take each new entry into the index at once, instead of a pending list
-- that every search reads through until a vacuum or a 4 MB list merges it (decision 045).
ALTER INDEX "ticket_events_search_idx" SET (fastupdate = false);--> statement-breakpoint
ALTER INDEX "ticket_events_organization_search_idx" SET (fastupdate = false);--> statement-breakpoint
ALTER INDEX "tickets_search_idx" SET (fastupdate = false);--> statement-breakpoint
ALTER INDEX "tickets_organization_search_idx" SET (fastupdate = false);--> statement-breakpoint
-- What the lists hold already is merged now (the setting only stops new entries from going there).
SELECT gin_clean_pending_list('ticket_events_search_idx'::regclass),
  gin_clean_pending_list('ticket_events_organization_search_idx'::regclass),
  gin_clean_pending_list('tickets_search_idx'::regclass),
  gin_clean_pending_list('tickets_organization_search_idx'::regclass);
