-- Staff names for readers as a view instead of app_staff_name (0014). PostgreSQL never inlines a
-- security-definer function: it parsed and planned the function's query again in every statement that
-- called it, about 0.2 ms, which was two thirds of a ticket page's statement. A view is planned into the
-- reading query as one index look-up. It runs with its owner's rights (the owner is not subject to
-- row-level security), shows only staff users' ids and names, and is read-only for the API's role: a simple
-- view is updatable, so the default privileges' INSERT, UPDATE and DELETE are taken back.
CREATE VIEW app_staff_names WITH (security_barrier) AS
  SELECT u.id, u.name FROM public.users u WHERE u.kind = 'staff';--> statement-breakpoint
REVOKE ALL ON app_staff_names FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON app_staff_names FROM portals_app;--> statement-breakpoint
GRANT SELECT ON app_staff_names TO portals_app;--> statement-breakpoint
DROP FUNCTION app_staff_name(uuid);
