-- SLAs (docs/decisions/018-sla.md): support calendars, an organization's calendar, the SLA clock and its
-- due times on tickets, and the breaches and warnings recorded once each. Numbered 0018: 0017 is another
-- part of issue 9's.
CREATE TYPE "public"."sla_response_kind" AS ENUM('first_response', 'next_response');--> statement-breakpoint
CREATE TABLE "support_calendars" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"working_days" smallint[] NOT NULL,
	"opens" text NOT NULL,
	"closes" text NOT NULL,
	"holidays" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "support_calendars_opens_format" CHECK ("support_calendars"."opens" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "support_calendars_closes_format" CHECK ("support_calendars"."closes" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "support_calendars_day_order" CHECK ("support_calendars"."opens" < "support_calendars"."closes"),
	CONSTRAINT "support_calendars_working_days" CHECK (cardinality("support_calendars"."working_days") > 0 and "support_calendars"."working_days" <@ '{1,2,3,4,5,6,7}'::smallint[])
);
--> statement-breakpoint
-- The support regions, so that every installation starts with them (staff may change them).
INSERT INTO support_calendars (key, name, time_zone, working_days, opens, closes, holidays) VALUES
  ('europe', 'Europe (Paris)', 'Europe/Paris', '{1,2,3,4,5}', '09:00', '18:00', ARRAY[
    '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14',
    '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
    '2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17', '2027-07-14',
    '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25']),
  ('americas', 'Americas (New York)', 'America/New_York', '{1,2,3,4,5}', '08:00', '17:00', ARRAY[
    '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07',
    '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
    '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06',
    '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24']);--> statement-breakpoint
CREATE TABLE "ticket_sla_breaches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "sla_response_kind" NOT NULL,
	"owed_since" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"tier" "subscription_tier" NOT NULL,
	"severity" smallint NOT NULL,
	CONSTRAINT "ticket_sla_breaches_once" UNIQUE("ticket_id","kind","owed_since")
);
--> statement-breakpoint
CREATE TABLE "ticket_sla_warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "sla_response_kind" NOT NULL,
	"owed_since" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_sla_warnings_once" UNIQUE("ticket_id","kind","owed_since")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "support_calendar_key" text DEFAULT 'europe' NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_owed" "sla_response_kind";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_owed_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_periods" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_tier" "subscription_tier";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "next_response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_next_responses_met" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_sla_breaches" ADD CONSTRAINT "ticket_sla_breaches_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_breaches" ADD CONSTRAINT "ticket_sla_breaches_ticket_of_organization_fk" FOREIGN KEY ("ticket_id","organization_id") REFERENCES "public"."tickets"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_warnings" ADD CONSTRAINT "ticket_sla_warnings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_warnings" ADD CONSTRAINT "ticket_sla_warnings_ticket_of_organization_fk" FOREIGN KEY ("ticket_id","organization_id") REFERENCES "public"."tickets"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_sla_breaches_organization_id_idx" ON "ticket_sla_breaches" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "ticket_sla_breaches_due_at_idx" ON "ticket_sla_breaches" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "ticket_sla_warnings_organization_id_idx" ON "ticket_sla_warnings" USING btree ("organization_id");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_support_calendar_key_support_calendars_key_fk" FOREIGN KEY ("support_calendar_key") REFERENCES "public"."support_calendars"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_sla_warn_idx" ON "tickets" USING btree ("sla_warn_at") WHERE "tickets"."sla_owed" is not null and "tickets"."sla_paused_at" is null;--> statement-breakpoint
-- Hand-written below: who sees what (decisions 009 and 012).
-- Calendars are global, like the catalogue: everyone reads them, staff change them.
ALTER TABLE support_calendars ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY everyone_reads ON support_calendars FOR SELECT USING (true);--> statement-breakpoint
CREATE POLICY staff_manage ON support_calendars USING (app_is_staff()) WITH CHECK (app_is_staff());--> statement-breakpoint
-- A ticket's breaches and warnings (no API reads warnings): only with the ticket itself (the EXISTS applies tickets' policy).
ALTER TABLE ticket_sla_breaches ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY ticket_audience ON ticket_sla_breaches
  USING (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id())
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_sla_breaches.ticket_id)))
  WITH CHECK (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id())
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_sla_breaches.ticket_id)));--> statement-breakpoint
ALTER TABLE ticket_sla_warnings ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY ticket_audience ON ticket_sla_warnings
  USING (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id())
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_sla_warnings.ticket_id)))
  WITH CHECK (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id())
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_sla_warnings.ticket_id)));
