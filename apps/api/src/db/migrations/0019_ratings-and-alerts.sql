CREATE TYPE "public"."ticket_rating" AS ENUM('good', 'bad');--> statement-breakpoint
ALTER TYPE "public"."one_time_token_purpose" ADD VALUE 'ticket_rating';--> statement-breakpoint
CREATE TABLE "ticket_ratings" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"rater_user_id" uuid NOT NULL,
	"rating" "ticket_rating" NOT NULL,
	"comment" text,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_ratings_comment_length" CHECK (char_length("ticket_ratings"."comment") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "one_time_tokens" ADD COLUMN "ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_ticket_of_organization_fk" FOREIGN KEY ("ticket_id","organization_id") REFERENCES "public"."tickets"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_rater_of_organization_fk" FOREIGN KEY ("rater_user_id","organization_id") REFERENCES "public"."users"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_ratings_rated_at_idx" ON "ticket_ratings" USING btree ("rated_at");--> statement-breakpoint
CREATE INDEX "ticket_ratings_organization_id_idx" ON "ticket_ratings" USING btree ("organization_id");--> statement-breakpoint
ALTER TABLE "one_time_tokens" ADD CONSTRAINT "one_time_tokens_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_time_tokens" ADD CONSTRAINT "one_time_tokens_ticket_only_for_ratings" CHECK (("one_time_tokens"."purpose"::text = 'ticket_rating') = ("one_time_tokens"."ticket_id" is not null));--> statement-breakpoint
CREATE TYPE "public"."alert_kind" AS ENUM('security_advisory', 'maintenance', 'incident');--> statement-breakpoint
CREATE TABLE "alert_dismissals" (
	"alert_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_dismissals_alert_id_user_id_pk" PRIMARY KEY("alert_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "alert_recipients" (
	"alert_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"emailed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_recipients_alert_id_user_id_pk" PRIMARY KEY("alert_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "alert_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tiers" "subscription_tier"[] DEFAULT '{}' NOT NULL,
	"product_ids" uuid[] DEFAULT '{}' NOT NULL,
	"roles" "contact_role"[] DEFAULT '{}' NOT NULL,
	"active_until" timestamp with time zone,
	"published_by_user_id" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_title_length" CHECK (char_length("alerts"."title") between 1 and 200),
	CONSTRAINT "alerts_body_length" CHECK (char_length("alerts"."body") between 1 and 20000)
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "product_id" uuid;--> statement-breakpoint
ALTER TABLE "alert_dismissals" ADD CONSTRAINT "alert_dismissals_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_dismissals" ADD CONSTRAINT "alert_dismissals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_dismissals" ADD CONSTRAINT "alert_dismissals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_recipients" ADD CONSTRAINT "alert_recipients_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_recipients" ADD CONSTRAINT "alert_recipients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_recipients" ADD CONSTRAINT "alert_recipients_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_dismissals_organization_id_idx" ON "alert_dismissals" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "alert_recipients_organization_id_idx" ON "alert_recipients" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "alerts_published_at_idx" ON "alerts" USING btree ("published_at");--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written below (docs/decisions/019-ratings-and-alerts.md). The check above compares the purpose as
-- text: a value added to an enum cannot be used in the transaction that adds it.
-- A rating is its requester's opinion: staff reading every ticket see it, and among contacts only the
-- requester, on a ticket they still see; only they may write it.
ALTER TABLE ticket_ratings ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY ticket_audience ON ticket_ratings
  USING (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id()) AND rater_user_id = (SELECT app_user_id())
      AND EXISTS (SELECT 1 FROM tickets t
        WHERE t.id = ticket_ratings.ticket_id AND t.requester_user_id = ticket_ratings.rater_user_id)))
  WITH CHECK (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id()) AND rater_user_id = (SELECT app_user_id())
      AND EXISTS (SELECT 1 FROM tickets t
        WHERE t.id = ticket_ratings.ticket_id AND t.requester_user_id = ticket_ratings.rater_user_id)));
--> statement-breakpoint
-- Alerts are global rows: staff manage them; a contact reads one only when their organization holds an
-- active subscription of its tiers and products (the same subscription for both) and they hold one of its
-- roles (empty lists do not narrow). The alerts module writes the same predicate in its queries.
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_manage ON alerts
  USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY audience_reads ON alerts FOR SELECT
  USING (
    (SELECT app_organization_id()) IS NOT NULL
    AND (cardinality(roles) = 0 OR EXISTS (SELECT 1 FROM contact_roles cr
      WHERE cr.user_id = (SELECT app_user_id()) AND cr.organization_id = (SELECT app_organization_id())
        AND cr.role = ANY (alerts.roles)))
    AND EXISTS (SELECT 1 FROM subscriptions s
      WHERE s.organization_id = (SELECT app_organization_id()) AND s.status = 'active'
        AND (cardinality(alerts.tiers) = 0 OR s.tier = ANY (alerts.tiers))
        AND (cardinality(alerts.product_ids) = 0 OR s.product_id = ANY (alerts.product_ids))));--> statement-breakpoint
-- A dismissal is its person's own (staff: all).
ALTER TABLE alert_dismissals ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY own_rows ON alert_dismissals
  USING ((organization_id = (SELECT app_organization_id()) AND user_id = (SELECT app_user_id())) OR (SELECT app_is_staff()))
  WITH CHECK ((organization_id = (SELECT app_organization_id()) AND user_id = (SELECT app_user_id())) OR (SELECT app_is_staff()));--> statement-breakpoint
ALTER TABLE alert_recipients ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON alert_recipients
  USING (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()));
