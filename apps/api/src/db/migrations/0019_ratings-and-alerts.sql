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
