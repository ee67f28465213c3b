-- Idempotency keys for every creating POST (decision 039): per credential (a person's sign-in sessions,
-- or one API token) rather than per person, and claimed as 'running' before the work, so that a
-- concurrent retry is answered 409 at once; the work's transaction marks the claim 'completed' with the
-- answer. Keys stored so far were written with their answers: they stay 'completed', of the sessions.
DROP INDEX "idempotency_keys_user_endpoint_key_unique";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "credential" text DEFAULT 'session' NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "state" text DEFAULT 'completed' NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "attempt" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_user_credential_endpoint_key_unique" ON "idempotency_keys" USING btree ("user_id","credential","endpoint","key");--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_credential_length" CHECK (char_length("idempotency_keys"."credential") between 1 and 100);--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_state" CHECK ("idempotency_keys"."state" in ('running', 'completed'));--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_running_has_lease" CHECK ("idempotency_keys"."state" = 'completed' or "idempotency_keys"."lease_expires_at" is not null);
