-- The status as a small integer beside the enum, for the list indexes: under row-level security only a
-- leakproof comparison can be an index condition, and enum equality is not (small integer equality is),
-- so `status = 'open'` was checked row by row after the policy, over every ticket of the organization.
-- The codes are schema/tickets.ts's ticketStatusCodes.
DROP INDEX "tickets_organization_activity_idx";--> statement-breakpoint
DROP INDEX "tickets_status_activity_idx";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "status_code" smallint GENERATED ALWAYS AS (case status when 'new' then 1 when 'open' then 2 when 'pending_customer' then 3 when 'on_hold' then 4 when 'solved' then 5 when 'closed' then 6 end) STORED;--> statement-breakpoint
CREATE INDEX "tickets_organization_status_activity_idx" ON "tickets" USING btree ("organization_id","status_code","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "tickets_status_code_activity_idx" ON "tickets" USING btree ("status_code","last_activity_at","id");