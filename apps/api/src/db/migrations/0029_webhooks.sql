CREATE TYPE "public"."webhook_audience" AS ENUM('ticket', 'billing', 'organization', 'endpoint');--> statement-breakpoint
CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."webhook_event_type" AS ENUM('ticket.created', 'ticket.updated', 'ticket.replied', 'ticket.solved', 'invoice.issued', 'invoice.paid', 'change_request.decided', 'contact_request.decided', 'contact.changed', 'ping');--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"organization_id" uuid,
	"status" "webhook_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"retry_until" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"succeeded_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_endpoint_event_unique" UNIQUE("endpoint_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_delivery_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_delivery_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" uuid NOT NULL,
	"organization_id" uuid,
	"attempted_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"response_excerpt" text DEFAULT '' NOT NULL,
	"response_truncated" boolean DEFAULT false NOT NULL,
	"error" text,
	"next_attempt_at" timestamp with time zone,
	CONSTRAINT "webhook_delivery_attempts_excerpt_length" CHECK (octet_length("webhook_delivery_attempts"."response_excerpt") <= 1024)
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"owner_user_id" uuid NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" "webhook_event_type"[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_for_failing" boolean DEFAULT false NOT NULL,
	"disabled_at" timestamp with time zone,
	"failing_since" timestamp with time zone,
	"secret_sealed" text NOT NULL,
	"previous_secret_sealed" text,
	"previous_secret_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_url_length" CHECK (char_length("webhook_endpoints"."url") <= 2000),
	CONSTRAINT "webhook_endpoints_description_length" CHECK (char_length("webhook_endpoints"."description") <= 500),
	CONSTRAINT "webhook_endpoints_previous_secret" CHECK (("webhook_endpoints"."previous_secret_sealed" is null) = ("webhook_endpoints"."previous_secret_expires_at" is null))
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid,
	"type" "webhook_event_type" NOT NULL,
	"audience" "webhook_audience" NOT NULL,
	"ticket_id" uuid,
	"visibility" "ticket_visibility",
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_events_ticket_audience" CHECK ("webhook_events"."audience" <> 'ticket' or "webhook_events"."ticket_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_organization_id_idx" ON "webhook_deliveries" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "webhook_delivery_attempts_delivery_idx" ON "webhook_delivery_attempts" USING btree ("delivery_id","id");--> statement-breakpoint
CREATE INDEX "webhook_delivery_attempts_organization_id_idx" ON "webhook_delivery_attempts" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_organization_id_idx" ON "webhook_endpoints" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_events_organization_id_idx" ON "webhook_events" USING btree ("organization_id","id");--> statement-breakpoint
-- Webhooks (docs/decisions/038-webhooks.md). Every table is its organization's (row-level security as
-- decision 009); vendor-wide endpoints, their deliveries and attempts have no organization: staff only, as
-- idempotency keys without one are.
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_endpoints
  USING (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()));--> statement-breakpoint
ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_events
  USING (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()));--> statement-breakpoint
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_deliveries
  USING (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()));--> statement-breakpoint
ALTER TABLE webhook_delivery_attempts ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_delivery_attempts
  USING (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()))
  WITH CHECK (organization_id = (SELECT app_organization_id()) OR (SELECT app_is_staff()));--> statement-breakpoint
-- Records an event in the caller's transaction and queues its fan-out, when an enabled endpoint that may
-- want it exists (the organization's or a vendor-wide one): most changes cost one indexed look-up. As the
-- owner: a contact's transaction cannot see vendor-wide endpoints, and must not need to. The fan-out job
-- decides each endpoint owner's audience.
CREATE FUNCTION webhook_record_event(
  event_organization_id uuid, event_type webhook_event_type, event_audience webhook_audience,
  event_ticket_id uuid, event_visibility ticket_visibility, event_data jsonb
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  new_id bigint;
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM webhook_endpoints e
    WHERE e.enabled AND event_type = ANY (e.event_types)
      AND (e.organization_id = event_organization_id OR e.organization_id IS NULL)
  ) THEN
    RETURN NULL;
  END IF;
  INSERT INTO webhook_events (organization_id, type, audience, ticket_id, visibility, data)
    VALUES (event_organization_id, event_type, event_audience, event_ticket_id, event_visibility, event_data)
    RETURNING id INTO new_id;
  PERFORM app_add_job('webhook_fan_out', json_build_object('eventId', new_id), 25, 'webhook-fan-out:' || new_id);
  RETURN new_id;
END;
$$;--> statement-breakpoint
-- Only the app's role (and the owner) may record events: no other role of the cluster writes them.
REVOKE ALL ON FUNCTION webhook_record_event(uuid, webhook_event_type, webhook_audience, uuid, ticket_visibility, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION webhook_record_event(uuid, webhook_event_type, webhook_audience, uuid, ticket_visibility, jsonb) TO portals_app;--> statement-breakpoint
-- Every ticket event is a webhook event: created, replied (a public reply), solved (a status change to
-- solved), or updated (anything else). Internal ones keep their visibility: they reach vendor-wide
-- endpoints only. The ticket as it stands after the event (a status change names its new status).
CREATE FUNCTION ticket_events_webhook() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
DECLARE
  event_type webhook_event_type;
BEGIN
  event_type := CASE
    WHEN NEW.kind = 'created' THEN 'ticket.created'
    WHEN NEW.kind = 'public_reply' THEN 'ticket.replied'
    WHEN NEW.kind = 'status_changed' AND NEW.data->>'to' = 'solved' THEN 'ticket.solved'
    ELSE 'ticket.updated'
  END;
  PERFORM webhook_record_event(NEW.organization_id, event_type, 'ticket', NEW.ticket_id, NEW.visibility,
    (SELECT jsonb_build_object(
      'ticket', jsonb_build_object('id', t.id, 'number', t.number, 'organizationId', t.organization_id,
        'subject', t.subject, 'severity', t.severity, 'status', coalesce(NEW.data->>'to', t.status::text)),
      'ticketEvent', jsonb_build_object('id', NEW.id, 'kind', NEW.kind, 'visibility', NEW.visibility,
        'body', NEW.body, 'details', NEW.data, 'actorUserId', NEW.actor_user_id, 'createdAt', NEW.created_at))
     FROM tickets t WHERE t.id = NEW.ticket_id));
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER ticket_events_webhook
  AFTER INSERT ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION ticket_events_webhook();
