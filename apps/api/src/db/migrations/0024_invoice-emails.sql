CREATE TABLE "invoice_reminders" (
	"invoice_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"days_past_due" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_reminders_invoice_id_days_past_due_pk" PRIMARY KEY("invoice_id","days_past_due")
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "attachments" jsonb;--> statement-breakpoint
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_reminders" ADD CONSTRAINT "invoice_reminders_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_reminders_organization_id_idx" ON "invoice_reminders" USING btree ("organization_id");--> statement-breakpoint
-- Hand-written below: reminders are the books' (staff), read by the organization's billing contacts.
ALTER TABLE invoice_reminders ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON invoice_reminders USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_read ON invoice_reminders FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));
