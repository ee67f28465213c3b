CREATE TYPE "public"."invoice_document_status" AS ENUM('draft', 'issued', 'void');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('bank_transfer', 'purchase_order', 'card', 'other');--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"tax_rate_basis_points" integer NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	CONSTRAINT "invoice_lines_position_unique" UNIQUE("invoice_id","position"),
	CONSTRAINT "invoice_lines_description_length" CHECK (char_length("invoice_lines"."description") between 1 and 500),
	CONSTRAINT "invoice_lines_quantity_positive" CHECK ("invoice_lines"."quantity" > 0),
	CONSTRAINT "invoice_lines_tax_rate_range" CHECK ("invoice_lines"."tax_rate_basis_points" between 0 and 10000),
	CONSTRAINT "invoice_lines_net_exact" CHECK ("invoice_lines"."net_minor" = "invoice_lines"."quantity"::bigint * "invoice_lines"."unit_price_minor")
);
--> statement-breakpoint
CREATE TABLE "invoice_number_counters" (
	"series" text NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "invoice_number_counters_series_year_pk" PRIMARY KEY("series","year")
);
--> statement-breakpoint
CREATE TABLE "invoice_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"method" "payment_method" NOT NULL,
	"reference" text NOT NULL,
	"received_on" date NOT NULL,
	"recorded_by_user_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_payments_amount_positive" CHECK ("invoice_payments"."amount_minor" > 0),
	CONSTRAINT "invoice_payments_reference_length" CHECK (char_length("invoice_payments"."reference") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"document_status" "invoice_document_status" DEFAULT 'draft' NOT NULL,
	"currency" text NOT NULL,
	"series" text DEFAULT 'INV' NOT NULL,
	"number_year" integer,
	"number" integer,
	"issue_date" date,
	"due_date" date,
	"bill_to_name" text,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"tax_rounding" text DEFAULT 'half_even_per_line' NOT NULL,
	"uncollectible" boolean DEFAULT false NOT NULL,
	"void_reason" text,
	"voided_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_id_organization_unique" UNIQUE("id","organization_id"),
	CONSTRAINT "invoices_id_organization_currency_unique" UNIQUE("id","organization_id","currency"),
	CONSTRAINT "invoices_number_unique" UNIQUE("series","number_year","number"),
	CONSTRAINT "invoices_currency_code" CHECK ("invoices"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "invoices_series_code" CHECK ("invoices"."series" ~ '^[A-Z]{2,8}$'),
	CONSTRAINT "invoices_numbered_once_issued" CHECK (("invoices"."document_status" = 'draft') = ("invoices"."number" is null)
        and ("invoices"."number" is null) = ("invoices"."number_year" is null)
        and ("invoices"."document_status" = 'draft' or ("invoices"."issue_date" is not null and "invoices"."due_date" is not null
          and "invoices"."bill_to_name" is not null and "invoices"."issued_at" is not null))),
	CONSTRAINT "invoices_number_positive" CHECK ("invoices"."number" > 0),
	CONSTRAINT "invoices_due_after_issue" CHECK ("invoices"."due_date" >= "invoices"."issue_date"),
	CONSTRAINT "invoices_totals_reconcile" CHECK ("invoices"."subtotal_minor" + "invoices"."tax_minor" = "invoices"."total_minor"),
	CONSTRAINT "invoices_void_has_reason" CHECK (("invoices"."document_status" = 'void') = ("invoices"."void_reason" is not null and "invoices"."voided_at" is not null)),
	CONSTRAINT "invoices_void_reason_length" CHECK (char_length("invoices"."void_reason") between 1 and 1000),
	CONSTRAINT "invoices_tax_rounding_known" CHECK ("invoices"."tax_rounding" = 'half_even_per_line')
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_of_organization_fk" FOREIGN KEY ("invoice_id","organization_id") REFERENCES "public"."invoices"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_invoice_in_currency_fk" FOREIGN KEY ("invoice_id","organization_id","currency") REFERENCES "public"."invoices"("id","organization_id","currency") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_lines_organization_id_idx" ON "invoice_lines" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "invoice_payments_organization_id_idx" ON "invoice_payments" USING btree ("organization_id","received_on");--> statement-breakpoint
CREATE INDEX "invoice_payments_invoice_id_idx" ON "invoice_payments" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_organization_id_idx" ON "invoices" USING btree ("organization_id","issue_date");--> statement-breakpoint
CREATE INDEX "invoices_due_date_idx" ON "invoices" USING btree ("due_date") WHERE "invoices"."document_status" = 'issued';--> statement-breakpoint
-- Hand-written below (docs/decisions/029-invoice-storage.md).
-- An issued invoice is immutable: only voiding it (with a reason) and writing it off as uncollectible
-- change it; a void one changes no more; only a draft may be deleted. Its lines change only while it is
-- a draft. Payments go only to an issued invoice, never beyond what it asks for: the invoice's row lock
-- makes concurrent payments take turns, and each then sees the other's committed amount.
CREATE FUNCTION invoices_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.document_status <> 'draft' THEN
      RAISE EXCEPTION 'invoice % is %: only a draft may be deleted', OLD.id, OLD.document_status
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.document_status = 'void' THEN
    RAISE EXCEPTION 'invoice % is void: it changes no more', OLD.id USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF OLD.document_status = 'issued' AND (
    NEW.document_status = 'draft'
    OR (to_jsonb(NEW) - ARRAY['document_status', 'void_reason', 'voided_at', 'uncollectible', 'updated_at'])
      IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['document_status', 'void_reason', 'voided_at', 'uncollectible', 'updated_at'])
  ) THEN
    RAISE EXCEPTION 'invoice % is issued: correct it with a credit note or void it', OLD.id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER invoices_guard BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_guard();--> statement-breakpoint
CREATE FUNCTION invoice_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  status invoice_document_status;
BEGIN
  SELECT document_status INTO status FROM invoices WHERE id = COALESCE(NEW.invoice_id, OLD.invoice_id);
  -- A cascade from deleting a draft finds no invoice any more.
  IF status IS NOT NULL AND status <> 'draft' THEN
    RAISE EXCEPTION 'invoice % is %: its lines no longer change', COALESCE(NEW.invoice_id, OLD.invoice_id), status
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.invoice_id <> OLD.invoice_id THEN
    RAISE EXCEPTION 'a line stays on its invoice' USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;--> statement-breakpoint
CREATE TRIGGER invoice_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION invoice_lines_guard();--> statement-breakpoint
CREATE FUNCTION invoice_payments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  invoice record;
  paid bigint;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'a recorded payment is never changed or removed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT document_status, total_minor, uncollectible INTO invoice FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
  IF invoice.document_status <> 'issued' THEN
    RAISE EXCEPTION 'invoice % is %: only an issued invoice takes payments', NEW.invoice_id, invoice.document_status
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SELECT COALESCE(sum(amount_minor), 0) INTO paid FROM invoice_payments WHERE invoice_id = NEW.invoice_id;
  IF paid + NEW.amount_minor > invoice.total_minor THEN
    RAISE EXCEPTION 'the payment of % would pay invoice % beyond its total: % remains', NEW.amount_minor,
      NEW.invoice_id, invoice.total_minor - paid USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER invoice_payments_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_payments FOR EACH ROW EXECUTE FUNCTION invoice_payments_guard();--> statement-breakpoint
-- Staff (billing and admin, by the permission rules) keep the books. A contact reads their own
-- organization's issued and void invoices, never a draft, and only with the main or administrative role:
-- technical contacts see no billing data.
CREATE FUNCTION app_reads_billing() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM public.contact_roles
    WHERE user_id = public.app_user_id() AND organization_id = public.app_organization_id()
      AND role IN ('main', 'administrative'))
$$;--> statement-breakpoint
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON invoices USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_read ON invoices FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND document_status <> 'draft' AND (SELECT app_reads_billing()));--> statement-breakpoint
ALTER TABLE invoice_lines ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON invoice_lines USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_read ON invoice_lines FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing())
    AND EXISTS (SELECT 1 FROM invoices i WHERE i.id = invoice_lines.invoice_id AND i.document_status <> 'draft'));--> statement-breakpoint
ALTER TABLE invoice_payments ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON invoice_payments USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));--> statement-breakpoint
CREATE POLICY billing_contacts_read ON invoice_payments FOR SELECT
  USING (organization_id = (SELECT app_organization_id()) AND (SELECT app_reads_billing()));--> statement-breakpoint
ALTER TABLE invoice_number_counters ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_keep_books ON invoice_number_counters USING ((SELECT app_is_staff())) WITH CHECK ((SELECT app_is_staff()));
