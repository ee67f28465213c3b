-- A staff member's name, for whoever reads a ticket: row-level security hides staff (they belong to no
-- organization) from contacts, yet a contact is shown who answers them and who has their ticket. Only a
-- staff user's name, nothing else and nobody else. In the reading query itself, so a read needs no
-- second, privileged look-up (docs/decisions/015-one-round-trip-reads.md).
CREATE FUNCTION app_staff_name(staff_user_id uuid) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public AS $$
  SELECT u.name FROM public.users u WHERE u.id = staff_user_id AND u.kind = 'staff'
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_staff_name(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_staff_name(uuid) TO portals_app;
