-- Tenant isolation enforced by PostgreSQL (docs/decisions/009-row-level-security.md). The API works as
-- the owner only on its one privileged path; every request runs its queries as portals_app, which owns
-- nothing, bypasses nothing, and sees the rows of the organization set for the transaction (all for staff).
DO $$
BEGIN
  CREATE ROLE portals_app NOLOGIN;
EXCEPTION
  -- Roles are cluster-wide: another database of the cluster (or a parallel test run) made it first.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
DO $$
BEGIN
  -- The owner switches to the role per transaction (set local role), which needs membership.
  EXECUTE format('GRANT portals_app TO %I', current_user);
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO portals_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portals_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO portals_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portals_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO portals_app;--> statement-breakpoint
-- The transaction's actor, as the API sets it with set_config(..., true). Unset or empty: no organization.
-- Plain SQL functions, so the planner inlines them into each policy.
CREATE FUNCTION app_organization_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.organization_id', true), '')::uuid
$$;--> statement-breakpoint
CREATE FUNCTION app_is_staff() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('app.staff', true), '') = 'on'
$$;--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON organizations
  USING (id = app_organization_id() OR app_is_staff())
  WITH CHECK (id = app_organization_id() OR app_is_staff());--> statement-breakpoint
-- A partner reads (only reads) the end-user organizations it registered, and their subscriptions.
CREATE POLICY partner_reads_end_users ON organizations FOR SELECT
  USING (registering_partner_id = app_organization_id());--> statement-breakpoint
ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON subscriptions
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
CREATE POLICY partner_reads_end_users ON subscriptions FOR SELECT
  USING (organization_id IN (SELECT id FROM organizations WHERE registering_partner_id = app_organization_id()));--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON users
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE contact_roles ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contact_roles
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE contact_requests ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contact_requests
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE email_preferences ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON email_preferences
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE subscription_notices ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON subscription_notices
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE order_forms ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON order_forms
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
-- Rows without an organization (staff's own sessions, tokens, audit entries, mail) are staff-only.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_log
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE email_outbox ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON email_outbox
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON api_tokens
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON refresh_tokens
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE one_time_tokens ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON one_time_tokens
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());--> statement-breakpoint
ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON recovery_codes
  USING (organization_id = app_organization_id() OR app_is_staff())
  WITH CHECK (organization_id = app_organization_id() OR app_is_staff());
