CREATE TABLE "account_statement_rows" (
	"statement_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"organization_id" uuid NOT NULL,
	"entry_date" date NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"debit_minor" bigint NOT NULL,
	"credit_minor" bigint NOT NULL,
	"balance_minor" bigint NOT NULL,
	CONSTRAINT "account_statement_rows_statement_id_position_pk" PRIMARY KEY("statement_id","position")
);
--> statement-breakpoint
ALTER TABLE "account_statement_rows" ADD CONSTRAINT "account_statement_rows_statement_id_account_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."account_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_statement_rows_organization_id_idx" ON "account_statement_rows" USING btree ("organization_id");--> statement-breakpoint
-- Hand-written below (docs/decisions/030-billing-reads.md).
-- 1. A kept statement's rows move out of its jsonb value into a row each, so that a page is a range of
-- the key; the statements are otherwise unchanged (their trigger is off only while row_count is filled).
ALTER TABLE "account_statement_rows" ADD CONSTRAINT "account_statement_rows_kind" CHECK (kind IN ('invoice', 'payment', 'credit_note', 'refund'));--> statement-breakpoint
ALTER TABLE "account_statement_rows" ADD CONSTRAINT "account_statement_rows_position" CHECK (position >= 1);--> statement-breakpoint
INSERT INTO account_statement_rows
  (statement_id, position, organization_id, entry_date, kind, reference, debit_minor, credit_minor, balance_minor)
SELECT s.id, e.position, s.organization_id, (e.value->>'date')::date, e.value->>'kind', e.value->>'reference',
  (e.value->>'debitMinor')::bigint, (e.value->>'creditMinor')::bigint, (e.value->>'balanceMinor')::bigint
FROM account_statements s CROSS JOIN LATERAL jsonb_array_elements(s.rows) WITH ORDINALITY AS e(value, position);--> statement-breakpoint
ALTER TABLE account_statements DISABLE TRIGGER account_statements_unchanged;--> statement-breakpoint
ALTER TABLE "account_statements" ADD COLUMN "row_count" integer;--> statement-breakpoint
UPDATE account_statements SET row_count = jsonb_array_length(rows);--> statement-breakpoint
ALTER TABLE account_statements ENABLE TRIGGER account_statements_unchanged;--> statement-breakpoint
ALTER TABLE "account_statements" ALTER COLUMN "row_count" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "account_statements" DROP COLUMN "rows";--> statement-breakpoint
-- A statement's CSV is kept gzipped from now on (sent so to clients that accept gzip); those kept before
-- keep their text. Both downloads are compressed already: stored as they are, not compressed again.
ALTER TABLE "account_statements" ALTER COLUMN "csv" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "account_statements" ADD COLUMN "csv_gzip" "bytea";--> statement-breakpoint
ALTER TABLE "account_statements" ADD CONSTRAINT "account_statements_csv_once" CHECK (num_nonnulls("account_statements"."csv", "account_statements"."csv_gzip") = 1);--> statement-breakpoint
ALTER TABLE "account_statements" ALTER COLUMN "csv_gzip" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "account_statements" ALTER COLUMN "pdf" SET STORAGE EXTERNAL;--> statement-breakpoint
CREATE TRIGGER account_statement_rows_unchanged BEFORE UPDATE OR DELETE ON account_statement_rows
  FOR EACH ROW EXECUTE FUNCTION account_statements_unchanged();--> statement-breakpoint
ALTER TABLE account_statement_rows ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON account_statement_rows USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_own ON account_statement_rows
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));--> statement-breakpoint
-- 2. An invoice keeps what its payments and credit applications add up to, and the day it is listed by,
-- so that a list reads a page of one index instead of summing every payment of the organization.
ALTER TABLE "invoices" ADD COLUMN "paid_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "credited_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "listed_on" date DEFAULT current_date NOT NULL;--> statement-breakpoint
ALTER TABLE invoices DISABLE TRIGGER invoices_guard;--> statement-breakpoint
UPDATE invoices i SET
  paid_minor = coalesce((SELECT sum(p.amount_minor) FROM invoice_payments p WHERE p.invoice_id = i.id), 0),
  credited_minor = coalesce((SELECT sum(c.amount_minor) FROM credit_applications c WHERE c.invoice_id = i.id), 0),
  listed_on = coalesce(i.issue_date, (i.created_at AT TIME ZONE 'UTC')::date);--> statement-breakpoint
ALTER TABLE invoices ENABLE TRIGGER invoices_guard;--> statement-breakpoint
CREATE INDEX "invoices_listed_idx" ON "invoices" USING btree ("organization_id","listed_on" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "invoices_open_idx" ON "invoices" USING btree ("organization_id") WHERE "invoices"."document_status" = 'issued' and "invoices"."total_minor" > "invoices"."paid_minor" + "invoices"."credited_minor";--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_settled_within_total" CHECK (paid_minor >= 0 AND credited_minor >= 0 AND paid_minor + credited_minor <= total_minor);--> statement-breakpoint
-- The sums follow the payments and credit applications, which are never changed or removed once recorded;
-- nothing else may change them (only a trigger, one level down, passes the guard with new sums).
CREATE OR REPLACE FUNCTION invoices_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.document_status <> 'draft' THEN
      RAISE EXCEPTION 'invoice % is %: only a draft may be deleted', OLD.id, OLD.document_status
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN OLD;
  END IF;
  IF (NEW.paid_minor, NEW.credited_minor) IS DISTINCT FROM (OLD.paid_minor, OLD.credited_minor)
    AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'what invoice % has been paid and credited follows its payments and credit notes: record one', OLD.id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF OLD.document_status = 'void' THEN
    RAISE EXCEPTION 'invoice % is void: it changes no more', OLD.id USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF OLD.document_status = 'issued' AND (
    NEW.document_status = 'draft'
    OR (to_jsonb(NEW) - ARRAY['document_status', 'void_reason', 'voided_at', 'uncollectible', 'updated_at', 'paid_minor', 'credited_minor'])
      IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['document_status', 'void_reason', 'voided_at', 'uncollectible', 'updated_at', 'paid_minor', 'credited_minor'])
  ) THEN
    RAISE EXCEPTION 'invoice % is issued: correct it with a credit note or void it', OLD.id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE FUNCTION invoices_listed_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.listed_on := coalesce(NEW.issue_date, (NEW.created_at AT TIME ZONE 'UTC')::date);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER invoices_listed_on BEFORE INSERT OR UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_listed_on();--> statement-breakpoint
CREATE FUNCTION invoices_settle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'invoice_payments' THEN
    UPDATE invoices SET paid_minor = paid_minor + NEW.amount_minor WHERE id = NEW.invoice_id;
  ELSE
    UPDATE invoices SET credited_minor = credited_minor + NEW.amount_minor WHERE id = NEW.invoice_id;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'invoice % was not found to settle', NEW.invoice_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER invoice_payments_settle AFTER INSERT ON invoice_payments FOR EACH ROW EXECUTE FUNCTION invoices_settle();--> statement-breakpoint
CREATE TRIGGER credit_applications_settle AFTER INSERT ON credit_applications FOR EACH ROW EXECUTE FUNCTION invoices_settle();
