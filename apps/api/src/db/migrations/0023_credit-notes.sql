CREATE TABLE "credit_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"credit_note_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"applied_on" date NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_applications_amount_positive" CHECK ("credit_applications"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "credit_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"series" text DEFAULT 'CN' NOT NULL,
	"number_year" integer NOT NULL,
	"number" integer NOT NULL,
	"issue_date" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"reason" text NOT NULL,
	"issued_by_user_id" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_notes_number_unique" UNIQUE("series","number_year","number"),
	CONSTRAINT "credit_notes_id_organization_currency_unique" UNIQUE("id","organization_id","currency"),
	CONSTRAINT "credit_notes_amount_positive" CHECK ("credit_notes"."amount_minor" > 0),
	CONSTRAINT "credit_notes_reason_length" CHECK (char_length("credit_notes"."reason") between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "credit_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"reference" text NOT NULL,
	"refunded_on" date NOT NULL,
	"recorded_by_user_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_refunds_currency_code" CHECK ("credit_refunds"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "credit_refunds_amount_positive" CHECK ("credit_refunds"."amount_minor" > 0),
	CONSTRAINT "credit_refunds_reference_length" CHECK (char_length("credit_refunds"."reference") between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "credit_applications" ADD CONSTRAINT "credit_applications_credit_note_fk" FOREIGN KEY ("credit_note_id","organization_id","currency") REFERENCES "public"."credit_notes"("id","organization_id","currency") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_applications" ADD CONSTRAINT "credit_applications_invoice_fk" FOREIGN KEY ("invoice_id","organization_id","currency") REFERENCES "public"."invoices"("id","organization_id","currency") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_issued_by_user_id_users_id_fk" FOREIGN KEY ("issued_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_in_currency_fk" FOREIGN KEY ("invoice_id","organization_id","currency") REFERENCES "public"."invoices"("id","organization_id","currency") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_refunds" ADD CONSTRAINT "credit_refunds_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_refunds" ADD CONSTRAINT "credit_refunds_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_applications_organization_id_idx" ON "credit_applications" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "credit_applications_invoice_id_idx" ON "credit_applications" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "credit_applications_credit_note_id_idx" ON "credit_applications" USING btree ("credit_note_id");--> statement-breakpoint
CREATE INDEX "credit_notes_organization_id_idx" ON "credit_notes" USING btree ("organization_id","currency","issue_date");--> statement-breakpoint
CREATE INDEX "credit_notes_invoice_id_idx" ON "credit_notes" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "credit_refunds_organization_id_idx" ON "credit_refunds" USING btree ("organization_id","currency","refunded_on");--> statement-breakpoint
-- Hand-written below (docs/decisions/029-invoice-storage.md). Credit notes, their applications and
-- refunds are kept as recorded. Under one lock per organization and currency (and the invoice's row
-- lock), the database refuses: crediting an invoice beyond what it was issued for, setting credit against
-- an invoice beyond what it still asks for, and applying or refunding more account credit than there is.
CREATE FUNCTION app_kept_as_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% are kept as recorded', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER credit_notes_kept BEFORE UPDATE OR DELETE ON credit_notes FOR EACH ROW EXECUTE FUNCTION app_kept_as_recorded();--> statement-breakpoint
CREATE TRIGGER credit_applications_kept BEFORE UPDATE OR DELETE ON credit_applications FOR EACH ROW EXECUTE FUNCTION app_kept_as_recorded();--> statement-breakpoint
CREATE TRIGGER credit_refunds_kept BEFORE UPDATE OR DELETE ON credit_refunds FOR EACH ROW EXECUTE FUNCTION app_kept_as_recorded();--> statement-breakpoint
CREATE FUNCTION app_lock_account_credit(organization uuid, currency text) RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtextextended('account-credit:' || organization::text || ':' || currency, 0))
$$;--> statement-breakpoint
-- What is left of an organization's account credit in a currency: credit notes less what was set
-- against invoices and what was refunded.
CREATE FUNCTION app_account_credit(organization uuid, code text) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT sum(amount_minor) FROM credit_notes WHERE organization_id = organization AND currency = code), 0)
    - COALESCE((SELECT sum(amount_minor) FROM credit_applications WHERE organization_id = organization AND currency = code), 0)
    - COALESCE((SELECT sum(amount_minor) FROM credit_refunds WHERE organization_id = organization AND currency = code), 0)
$$;--> statement-breakpoint
CREATE FUNCTION credit_notes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  invoice record;
  credited bigint;
BEGIN
  PERFORM app_lock_account_credit(NEW.organization_id, NEW.currency);
  SELECT document_status, total_minor INTO invoice FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
  -- An invoice the caller cannot see: nothing to check here; row-level security refuses the row.
  IF NOT FOUND THEN RETURN NEW; END IF;
  IF invoice.document_status IS DISTINCT FROM 'issued' THEN
    RAISE EXCEPTION 'invoice % is %: only an issued invoice is credited', NEW.invoice_id, invoice.document_status
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SELECT COALESCE(sum(amount_minor), 0) INTO credited FROM credit_notes WHERE invoice_id = NEW.invoice_id;
  IF credited + NEW.amount_minor > invoice.total_minor THEN
    RAISE EXCEPTION 'crediting % would credit invoice % beyond its total: % remains creditable', NEW.amount_minor,
      NEW.invoice_id, invoice.total_minor - credited USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER credit_notes_guard BEFORE INSERT ON credit_notes FOR EACH ROW EXECUTE FUNCTION credit_notes_guard();--> statement-breakpoint
CREATE FUNCTION credit_applications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  invoice record;
  settled bigint;
  note_amount bigint;
  note_applied bigint;
BEGIN
  PERFORM app_lock_account_credit(NEW.organization_id, NEW.currency);
  SELECT document_status, total_minor INTO invoice FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
  -- An invoice the caller cannot see: nothing to check here; row-level security refuses the row.
  IF NOT FOUND THEN RETURN NEW; END IF;
  IF invoice.document_status IS DISTINCT FROM 'issued' THEN
    RAISE EXCEPTION 'invoice % is %: credit is set only against an issued invoice', NEW.invoice_id, invoice.document_status
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SELECT COALESCE((SELECT sum(amount_minor) FROM invoice_payments WHERE invoice_id = NEW.invoice_id), 0)
    + COALESCE((SELECT sum(amount_minor) FROM credit_applications WHERE invoice_id = NEW.invoice_id), 0) INTO settled;
  IF settled + NEW.amount_minor > invoice.total_minor THEN
    RAISE EXCEPTION 'setting % against invoice % would settle it beyond its total', NEW.amount_minor, NEW.invoice_id
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT amount_minor INTO note_amount FROM credit_notes WHERE id = NEW.credit_note_id;
  SELECT COALESCE(sum(amount_minor), 0) INTO note_applied FROM credit_applications WHERE credit_note_id = NEW.credit_note_id;
  IF note_applied + NEW.amount_minor > note_amount OR app_account_credit(NEW.organization_id, NEW.currency) < NEW.amount_minor THEN
    RAISE EXCEPTION 'not enough credit left to set % against invoice %', NEW.amount_minor, NEW.invoice_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER credit_applications_guard BEFORE INSERT ON credit_applications FOR EACH ROW EXECUTE FUNCTION credit_applications_guard();--> statement-breakpoint
CREATE FUNCTION credit_refunds_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The app's role writes refunds only as staff: anyone else's row is refused by row-level security.
  IF current_user = 'portals_app' AND NOT COALESCE(app_is_staff(), false) THEN RETURN NEW; END IF;
  PERFORM app_lock_account_credit(NEW.organization_id, NEW.currency);
  IF app_account_credit(NEW.organization_id, NEW.currency) < NEW.amount_minor THEN
    RAISE EXCEPTION 'a refund of % is more than the account credit left', NEW.amount_minor USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER credit_refunds_guard BEFORE INSERT ON credit_refunds FOR EACH ROW EXECUTE FUNCTION credit_refunds_guard();--> statement-breakpoint
-- Payments now share what an invoice asks for with the credit set against it.
CREATE OR REPLACE FUNCTION invoice_payments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  invoice record;
  settled bigint;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'a recorded payment is never changed or removed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT document_status, total_minor INTO invoice FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
  -- An invoice the caller cannot see: nothing to check here; row-level security refuses the row.
  IF NOT FOUND THEN RETURN NEW; END IF;
  IF invoice.document_status IS DISTINCT FROM 'issued' THEN
    RAISE EXCEPTION 'invoice % is %: only an issued invoice takes payments', NEW.invoice_id, invoice.document_status
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SELECT COALESCE((SELECT sum(amount_minor) FROM invoice_payments WHERE invoice_id = NEW.invoice_id), 0)
    + COALESCE((SELECT sum(amount_minor) FROM credit_applications WHERE invoice_id = NEW.invoice_id), 0) INTO settled;
  IF settled + NEW.amount_minor > invoice.total_minor THEN
    RAISE EXCEPTION 'the payment of % would pay invoice % beyond its total: % remains', NEW.amount_minor,
      NEW.invoice_id, invoice.total_minor - settled USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
ALTER TABLE credit_notes ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON credit_notes USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_read ON credit_notes FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));--> statement-breakpoint
ALTER TABLE credit_applications ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON credit_applications USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_read ON credit_applications FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));--> statement-breakpoint
ALTER TABLE credit_refunds ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON credit_refunds USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_read ON credit_refunds FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));
