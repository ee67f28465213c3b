-- The ticket policies, each setting and the sharing switch read once per statement (an InitPlan) instead
-- of once per row: the sharing look-up is a function the planner cannot inline, which cost a technical
-- contact's list about 0.2 ms per ticket of the organization (docs/decisions/012-tickets.md).
ALTER POLICY ticket_audience ON tickets
  USING (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id()) AND (
      (SELECT app_ticket_audience()) = 'org'
      OR ((SELECT app_ticket_audience()) = 'own' AND (
        requester_user_id = (SELECT app_user_id())
        OR (SELECT app_organization_shares_tickets())
        OR id IN (SELECT app_tickets_copied_to_user()))))))
  WITH CHECK (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id()) AND (SELECT app_ticket_audience()) <> 'none'));--> statement-breakpoint
ALTER POLICY ticket_audience ON ticket_events
  USING (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id()) AND visibility = 'public'
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_events.ticket_id)))
  WITH CHECK (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id()) AND visibility = 'public'
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_events.ticket_id)));--> statement-breakpoint
ALTER POLICY ticket_audience ON ticket_attachments
  USING (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id()) AND visibility = 'public'
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_attachments.ticket_id)))
  WITH CHECK (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id()) AND visibility = 'public'
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_attachments.ticket_id)));--> statement-breakpoint
ALTER POLICY ticket_audience ON ticket_ccs
  USING (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id())
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_ccs.ticket_id)))
  WITH CHECK (
    (SELECT app_ticket_audience()) = 'any'
    OR (organization_id = (SELECT app_organization_id())
      AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_ccs.ticket_id)));
