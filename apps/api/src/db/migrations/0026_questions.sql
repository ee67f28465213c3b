CREATE TYPE "public"."question_entry_kind" AS ENUM('message', 'handed_over', 'closed');--> statement-breakpoint
CREATE TYPE "public"."question_status" AS ENUM('open', 'answered', 'closed');--> statement-breakpoint
CREATE TYPE "public"."question_team" AS ENUM('account_management', 'partner_management', 'billing');--> statement-breakpoint
CREATE TYPE "public"."question_topic" AS ENUM('services', 'partner_programs', 'invoicing_billing');--> statement-breakpoint
CREATE TABLE "question_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"question_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "question_entry_kind" NOT NULL,
	"author_user_id" uuid NOT NULL,
	"from_staff" boolean NOT NULL,
	"body" text,
	"team" "question_team",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "question_entries_body_length" CHECK (char_length("question_entries"."body") between 1 and 10000),
	CONSTRAINT "question_entries_message_has_body" CHECK ("question_entries"."kind" <> 'message' or "question_entries"."body" is not null),
	CONSTRAINT "question_entries_handover_has_team" CHECK (("question_entries"."kind" = 'handed_over') = ("question_entries"."team" is not null))
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"asked_by_user_id" uuid NOT NULL,
	"topic" "question_topic" NOT NULL,
	"team" "question_team" NOT NULL,
	"status" "question_status" DEFAULT 'open' NOT NULL,
	"subject" text NOT NULL,
	"invoice_id" uuid,
	"subscription_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "questions_id_organization_unique" UNIQUE("id","organization_id"),
	CONSTRAINT "questions_subject_length" CHECK (char_length("questions"."subject") between 1 and 200),
	CONSTRAINT "questions_closed_at" CHECK (("questions"."status" = 'closed') = ("questions"."closed_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "question_entries" ADD CONSTRAINT "question_entries_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_entries" ADD CONSTRAINT "question_entries_question_of_organization_fk" FOREIGN KEY ("question_id","organization_id") REFERENCES "public"."questions"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_asked_by_user_id_users_id_fk" FOREIGN KEY ("asked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_invoice_of_organization_fk" FOREIGN KEY ("invoice_id","organization_id") REFERENCES "public"."invoices"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "question_entries_question_id_idx" ON "question_entries" USING btree ("question_id","created_at");--> statement-breakpoint
CREATE INDEX "question_entries_organization_id_idx" ON "question_entries" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "questions_organization_id_idx" ON "questions" USING btree ("organization_id","updated_at");--> statement-breakpoint
CREATE INDEX "questions_team_idx" ON "questions" USING btree ("team","status","updated_at");--> statement-breakpoint
-- Hand-written below (docs/decisions/031-question-teams.md).
-- A thread is append-only: an entry is never changed or removed (only with its question, which is not
-- deleted by the API either).
CREATE FUNCTION question_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'a question''s thread entry is never changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER question_entries_guard BEFORE UPDATE ON question_entries FOR EACH ROW EXECUTE FUNCTION question_entries_guard();--> statement-breakpoint
-- A closed question changes no more, and its thread takes no more entries; its organization, asker and
-- topic never change.
CREATE FUNCTION questions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'question % is closed: it changes no more', OLD.id USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF NEW.organization_id <> OLD.organization_id OR NEW.asked_by_user_id <> OLD.asked_by_user_id
    OR NEW.topic <> OLD.topic OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'a question keeps its organization, asker and topic' USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER questions_guard BEFORE UPDATE ON questions FOR EACH ROW EXECUTE FUNCTION questions_guard();--> statement-breakpoint
CREATE FUNCTION question_entries_closed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM questions WHERE id = NEW.question_id AND status = 'closed') THEN
    RAISE EXCEPTION 'question % is closed: its thread takes no more entries', NEW.question_id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER question_entries_closed_guard BEFORE INSERT ON question_entries FOR EACH ROW EXECUTE FUNCTION question_entries_closed_guard();--> statement-breakpoint
-- Staff read and write every question (the service narrows them to the teams they serve). A contact reads,
-- asks and follows up on their own organization's questions only with the main or administrative role
-- (app_reads_billing, migration 0021): technical contacts do not use the Subscriber Portal.
ALTER TABLE questions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_answer ON questions USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY contacts_read ON questions FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));--> statement-breakpoint
CREATE POLICY contacts_ask ON questions FOR INSERT
  WITH CHECK (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing())
    AND asked_by_user_id = (SELECT app_user_id()) AND status = 'open');--> statement-breakpoint
CREATE POLICY contacts_follow_up ON questions FOR UPDATE
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) AND status = 'open');--> statement-breakpoint
ALTER TABLE question_entries ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_answer ON question_entries USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY contacts_read ON question_entries FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));--> statement-breakpoint
CREATE POLICY contacts_write ON question_entries FOR INSERT
  WITH CHECK (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing())
    AND author_user_id = (SELECT app_user_id()) AND NOT from_staff AND kind = 'message');
