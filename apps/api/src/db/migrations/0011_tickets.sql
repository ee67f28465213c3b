ALTER TABLE "users" ADD CONSTRAINT "users_id_organization_unique" UNIQUE("id","organization_id");--> statement-breakpoint
CREATE TYPE "public"."ticket_event_kind" AS ENUM('created', 'public_reply', 'internal_note', 'status_changed', 'severity_changed', 'assigned', 'cc_added', 'cc_removed', 'product_changed', 'merged', 'attachment_added');--> statement-breakpoint
CREATE TYPE "public"."ticket_status" AS ENUM('new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed');--> statement-breakpoint
CREATE TYPE "public"."ticket_visibility" AS ENUM('public', 'internal');--> statement-breakpoint
CREATE SEQUENCE "public"."ticket_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1;--> statement-breakpoint
CREATE TABLE "canned_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canned_replies_title_length" CHECK (char_length("canned_replies"."title") between 1 and 200),
	CONSTRAINT "canned_replies_body_length" CHECK (char_length("canned_replies"."body") <= 100000)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "idempotency_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"organization_id" uuid,
	"key" text NOT NULL,
	"endpoint" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" smallint,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_key_length" CHECK (char_length("idempotency_keys"."key") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "product_components" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_components_name_unique" UNIQUE("product_id","name")
);
--> statement-breakpoint
CREATE TABLE "product_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_versions_name_unique" UNIQUE("product_id","name")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "ticket_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"event_id" bigint,
	"uploader_user_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"storage_key" text NOT NULL,
	"visibility" "ticket_visibility" DEFAULT 'public' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_attachments_storage_key_unique" UNIQUE("storage_key"),
	CONSTRAINT "ticket_attachments_size" CHECK ("ticket_attachments"."size_bytes" >= 0),
	CONSTRAINT "ticket_attachments_sha256" CHECK ("ticket_attachments"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "ticket_attachments_file_name_length" CHECK (char_length("ticket_attachments"."file_name") between 1 and 255)
);
--> statement-breakpoint
CREATE TABLE "ticket_ccs" (
	"ticket_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_ccs_ticket_id_user_id_pk" PRIMARY KEY("ticket_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ticket_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"kind" "ticket_event_kind" NOT NULL,
	"visibility" "ticket_visibility" NOT NULL,
	"body" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_document" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce(body, ''))) STORED NOT NULL,
	CONSTRAINT "ticket_events_body_length" CHECK (char_length("ticket_events"."body") <= 100000),
	CONSTRAINT "ticket_events_internal_note_is_internal" CHECK ("ticket_events"."kind" <> 'internal_note' or "ticket_events"."visibility" = 'internal')
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint DEFAULT nextval('ticket_number_seq') NOT NULL,
	"organization_id" uuid NOT NULL,
	"requester_user_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"product_id" uuid NOT NULL,
	"component_id" uuid,
	"version_id" uuid,
	"severity" smallint NOT NULL,
	"status" "ticket_status" DEFAULT 'new' NOT NULL,
	"assignee_user_id" uuid,
	"merged_into_ticket_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"solved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_document" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', subject), 'A') || setweight(to_tsvector('english', description), 'B')) STORED NOT NULL,
	CONSTRAINT "tickets_number_unique" UNIQUE("number"),
	CONSTRAINT "tickets_id_organization_unique" UNIQUE("id","organization_id"),
	CONSTRAINT "tickets_severity_range" CHECK ("tickets"."severity" between 1 and 4),
	CONSTRAINT "tickets_subject_length" CHECK (char_length("tickets"."subject") between 1 and 200),
	CONSTRAINT "tickets_description_length" CHECK (char_length("tickets"."description") <= 100000)
);
--> statement-breakpoint
ALTER TABLE "canned_replies" ADD CONSTRAINT "canned_replies_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_components" ADD CONSTRAINT "product_components_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_versions" ADD CONSTRAINT "product_versions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_event_id_ticket_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."ticket_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_uploader_user_id_users_id_fk" FOREIGN KEY ("uploader_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_ticket_of_organization_fk" FOREIGN KEY ("ticket_id","organization_id") REFERENCES "public"."tickets"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_ccs" ADD CONSTRAINT "ticket_ccs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_ccs" ADD CONSTRAINT "ticket_ccs_ticket_of_organization_fk" FOREIGN KEY ("ticket_id","organization_id") REFERENCES "public"."tickets"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_ccs" ADD CONSTRAINT "ticket_ccs_user_of_organization_fk" FOREIGN KEY ("user_id","organization_id") REFERENCES "public"."users"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_of_organization_fk" FOREIGN KEY ("ticket_id","organization_id") REFERENCES "public"."tickets"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_component_id_product_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."product_components"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_version_id_product_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."product_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_requester_of_organization_fk" FOREIGN KEY ("requester_user_id","organization_id") REFERENCES "public"."users"("id","organization_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_merged_into_fk" FOREIGN KEY ("merged_into_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_user_endpoint_key_unique" ON "idempotency_keys" USING btree ("user_id","endpoint","key");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_organization_id_idx" ON "idempotency_keys" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "ticket_attachments_ticket_id_idx" ON "ticket_attachments" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_attachments_organization_id_idx" ON "ticket_attachments" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "ticket_ccs_user_id_idx" ON "ticket_ccs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ticket_ccs_organization_id_idx" ON "ticket_ccs" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_id_idx" ON "ticket_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "ticket_events_organization_id_idx" ON "ticket_events" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "ticket_events_search_idx" ON "ticket_events" USING gin ("search_document");--> statement-breakpoint
CREATE INDEX "tickets_organization_activity_idx" ON "tickets" USING btree ("organization_id","status","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "tickets_organization_last_activity_idx" ON "tickets" USING btree ("organization_id","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "tickets_requester_activity_idx" ON "tickets" USING btree ("requester_user_id","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "tickets_assignee_activity_idx" ON "tickets" USING btree ("assignee_user_id","last_activity_at","id") WHERE "tickets"."assignee_user_id" is not null;--> statement-breakpoint
CREATE INDEX "tickets_status_activity_idx" ON "tickets" USING btree ("status","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("search_document");--> statement-breakpoint
-- Hand-written below: the privacy rule in SQL, the append-only timeline, the catalogue
-- (docs/decisions/012-tickets.md).
-- The transaction's user and ticket audience, as withScope sets them: `any` (staff reading every ticket),
-- `org` (the main contact: the organization's), `own` (a technical contact: requested, copied, or all
-- with sharing on), `none` otherwise. Unset means none. Plain SQL, so the planner inlines them.
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.user_id', true), '')::uuid
$$;--> statement-breakpoint
CREATE FUNCTION app_ticket_audience() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('app.ticket_audience', true), ''), 'none')
$$;--> statement-breakpoint
-- The tickets the transaction's user is copied on. As the owner (security definer): ticket_ccs's own
-- policy refers to tickets, and a policy may not recurse. A set, so a query computes it once.
CREATE FUNCTION app_tickets_copied_to_user() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public AS $$
  SELECT ticket_id FROM public.ticket_ccs WHERE user_id = public.app_user_id()
$$;--> statement-breakpoint
-- Whether the transaction's organization switched on ticket sharing (read under organizations' policy).
CREATE FUNCTION app_organization_shares_tickets() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT ticket_sharing FROM organizations WHERE id = app_organization_id()), false)
$$;--> statement-breakpoint
ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY ticket_audience ON tickets
  USING (
    app_ticket_audience() = 'any'
    OR (organization_id = app_organization_id() AND (
      app_ticket_audience() = 'org'
      OR (app_ticket_audience() = 'own' AND (
        requester_user_id = app_user_id()
        OR app_organization_shares_tickets()
        OR id IN (SELECT app_tickets_copied_to_user()))))))
  WITH CHECK (
    app_ticket_audience() = 'any'
    OR (organization_id = app_organization_id() AND app_ticket_audience() <> 'none'));--> statement-breakpoint
-- A ticket's rows: only with the ticket itself (the EXISTS applies tickets' policy), and internal ones
-- only for staff.
ALTER TABLE ticket_events ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY ticket_audience ON ticket_events
  USING (
    app_ticket_audience() = 'any'
    OR (organization_id = app_organization_id() AND visibility = 'public'
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_events.ticket_id)))
  WITH CHECK (
    app_ticket_audience() = 'any'
    OR (organization_id = app_organization_id() AND visibility = 'public'
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_events.ticket_id)));--> statement-breakpoint
ALTER TABLE ticket_attachments ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY ticket_audience ON ticket_attachments
  USING (
    app_ticket_audience() = 'any'
    OR (organization_id = app_organization_id() AND visibility = 'public'
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_attachments.ticket_id)))
  WITH CHECK (
    app_ticket_audience() = 'any'
    OR (organization_id = app_organization_id() AND visibility = 'public'
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_attachments.ticket_id)));--> statement-breakpoint
ALTER TABLE ticket_ccs ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY ticket_audience ON ticket_ccs
  USING (
    app_ticket_audience() = 'any'
    OR (organization_id = app_organization_id()
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_ccs.ticket_id)))
  WITH CHECK (
    app_ticket_audience() = 'any'
    OR (organization_id = app_organization_id()
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_ccs.ticket_id)));--> statement-breakpoint
-- A stored answer is its requester's alone (it may hold a private ticket); staff-only without an organization.
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON idempotency_keys
  USING ((organization_id = app_organization_id() AND user_id = app_user_id()) OR app_is_staff())
  WITH CHECK ((organization_id = app_organization_id() AND user_id = app_user_id()) OR app_is_staff());--> statement-breakpoint
-- Canned replies are the support team's: staff only.
ALTER TABLE canned_replies ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY staff_only ON canned_replies USING (app_is_staff()) WITH CHECK (app_is_staff());--> statement-breakpoint
-- The catalogue: everyone reads it, staff change it.
ALTER TABLE products ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY everyone_reads ON products FOR SELECT USING (true);--> statement-breakpoint
CREATE POLICY staff_manage ON products USING (app_is_staff()) WITH CHECK (app_is_staff());--> statement-breakpoint
ALTER TABLE product_components ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY everyone_reads ON product_components FOR SELECT USING (true);--> statement-breakpoint
CREATE POLICY staff_manage ON product_components USING (app_is_staff()) WITH CHECK (app_is_staff());--> statement-breakpoint
ALTER TABLE product_versions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY everyone_reads ON product_versions FOR SELECT USING (true);--> statement-breakpoint
CREATE POLICY staff_manage ON product_versions USING (app_is_staff()) WITH CHECK (app_is_staff());--> statement-breakpoint
-- The timeline is append-only: a merge copies the merged ticket's events onto the target rather than
-- re-pointing them (docs/decisions/012-tickets.md).
CREATE FUNCTION ticket_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ticket_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER ticket_events_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON ticket_events
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_events_refuse_change();--> statement-breakpoint
-- The vendor's catalogue, so that every installation (tests and production alike) starts with one.
WITH catalogue(product, product_position, components, versions) AS (VALUES
  ('vOneCloud', 1,
    ARRAY['Sunstone', 'Scheduler', 'Storage', 'Networking', 'Marketplace'],
    ARRAY['6.8', '6.10', '7.0']),
  ('OpenNebula Enterprise Edition', 2,
    ARRAY['Core', 'Sunstone', 'Scheduler', 'Storage', 'Networking', 'Marketplace', 'OneFlow', 'OneGate',
      'Hypervisors (KVM, LXC)', 'High availability'],
    ARRAY['6.8', '6.10', '7.0'])
), inserted AS (
  INSERT INTO products (name, position) SELECT product, product_position FROM catalogue
  RETURNING id, name
), inserted_components AS (
  INSERT INTO product_components (product_id, name, position)
  SELECT inserted.id, component.name, component.position
  FROM inserted JOIN catalogue ON catalogue.product = inserted.name
  CROSS JOIN LATERAL unnest(catalogue.components) WITH ORDINALITY AS component(name, position)
)
INSERT INTO product_versions (product_id, name, position)
SELECT inserted.id, version.name, version.position
FROM inserted JOIN catalogue ON catalogue.product = inserted.name
CROSS JOIN LATERAL unnest(catalogue.versions) WITH ORDINALITY AS version(name, position);
