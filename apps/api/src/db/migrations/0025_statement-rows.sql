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
-- Hand-written below (docs/decisions/029-invoice-storage.md): the kept statements' rows move out of their
-- jsonb value into a row each, so that a page is a range of the key; the statements are otherwise unchanged.
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
CREATE TRIGGER account_statement_rows_unchanged BEFORE UPDATE OR DELETE ON account_statement_rows
  FOR EACH ROW EXECUTE FUNCTION account_statements_unchanged();--> statement-breakpoint
ALTER TABLE account_statement_rows ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON account_statement_rows USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_own ON account_statement_rows
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));
