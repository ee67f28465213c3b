CREATE TYPE "public"."change_request_kind" AS ENUM('additional_servers', 'additional_service', 'tier_change');--> statement-breakpoint
CREATE TYPE "public"."change_request_status" AS ENUM('submitted', 'in_review', 'approved', 'declined', 'applied');--> statement-breakpoint
CREATE TABLE "change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"kind" "change_request_kind" NOT NULL,
	"status" "change_request_status" DEFAULT 'submitted' NOT NULL,
	"servers" integer,
	"product_id" uuid,
	"tier" "subscription_tier",
	"from_tier" "subscription_tier",
	"note" text,
	"requested_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by_user_id" uuid,
	"review_started_at" timestamp with time zone,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	"applied_at" timestamp with time zone,
	"prorated_minor" bigint,
	"invoice_id" uuid,
	CONSTRAINT "change_requests_kind_facts" CHECK (("change_requests"."kind" <> 'additional_servers' or "change_requests"."servers" between 1 and 10000)
        and ("change_requests"."kind" <> 'additional_service' or "change_requests"."product_id" is not null)
        and ("change_requests"."kind" <> 'tier_change' or ("change_requests"."tier" is not null and "change_requests"."from_tier" is not null))),
	CONSTRAINT "change_requests_decided" CHECK (("change_requests"."status" in ('submitted', 'in_review')) = ("change_requests"."decided_at" is null)
        and ("change_requests"."status" <> 'declined' or "change_requests"."decline_reason" is not null)
        and ("change_requests"."status" = 'applied') = ("change_requests"."applied_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "subscription_services" (
	"subscription_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"change_request_id" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_services_subscription_id_product_id_pk" PRIMARY KEY("subscription_id","product_id")
);
--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_reviewed_by_user_id_users_id_fk" FOREIGN KEY ("reviewed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_services" ADD CONSTRAINT "subscription_services_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_services" ADD CONSTRAINT "subscription_services_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_services" ADD CONSTRAINT "subscription_services_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_services" ADD CONSTRAINT "subscription_services_change_request_id_change_requests_id_fk" FOREIGN KEY ("change_request_id") REFERENCES "public"."change_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_requests_organization_id_idx" ON "change_requests" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "change_requests_status_idx" ON "change_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "subscription_services_organization_id_idx" ON "subscription_services" USING btree ("organization_id");--> statement-breakpoint
-- Staff (account managers and administrators, by the permission rules) read and decide every request. A
-- contact reads and submits their own organization's, only with the main or administrative role (the
-- billing roles: a change is invoiced): technical contacts see none. Contacts never change a request.
ALTER TABLE change_requests ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_decide ON change_requests USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_read ON change_requests FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));--> statement-breakpoint
CREATE POLICY billing_contacts_submit ON change_requests FOR INSERT
  WITH CHECK (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing())
    AND status = 'submitted' AND requested_by_user_id = (SELECT app_user_id()));--> statement-breakpoint
-- Services a subscription includes: its organization reads them, staff add them.
ALTER TABLE subscription_services ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_manage ON subscription_services USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY tenant_read ON subscription_services FOR SELECT
  USING (organization_id = (SELECT app_organization_id()));
