-- A key per outbox message for writers that may run twice (decision 042): a ticket event's emails, queued by
-- a job that a killed process may have committed but not marked done, are written once.
ALTER TABLE "email_outbox" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "email_outbox_dedupe_key_unique" ON "email_outbox" USING btree ("dedupe_key");
