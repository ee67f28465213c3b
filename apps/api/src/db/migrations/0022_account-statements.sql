CREATE TABLE "account_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"organization_name" text NOT NULL,
	"opening_minor" bigint NOT NULL,
	"closing_minor" bigint NOT NULL,
	"rows" jsonb NOT NULL,
	"aging" jsonb NOT NULL,
	"generated_by_user_id" uuid,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"csv" text NOT NULL,
	"pdf" "bytea" NOT NULL,
	CONSTRAINT "account_statements_currency_code" CHECK ("account_statements"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "account_statements_period_ordered" CHECK ("account_statements"."period_to" >= "account_statements"."period_from")
);
--> statement-breakpoint
ALTER TABLE "account_statements" ADD CONSTRAINT "account_statements_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_statements" ADD CONSTRAINT "account_statements_generated_by_user_id_users_id_fk" FOREIGN KEY ("generated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_statements_organization_id_idx" ON "account_statements" USING btree ("organization_id","generated_at");--> statement-breakpoint
-- Hand-written below (docs/decisions/029-invoice-storage.md): a generated statement is kept as it was.
CREATE FUNCTION account_statements_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a generated statement is kept as it was' USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER account_statements_unchanged BEFORE UPDATE OR DELETE ON account_statements
  FOR EACH ROW EXECUTE FUNCTION account_statements_unchanged();--> statement-breakpoint
-- Staff keep the books; a main or administrative contact generates and reads their organization's.
ALTER TABLE account_statements ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON account_statements USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_own ON account_statements
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));
