-- Taking a role away from a person (or changing it) ends their sessions on their next request,
-- whichever code made the change: the session version every access token carries no longer matches.
-- Adding a role needs nothing: older tokens simply lack the new rights until the next refresh.
CREATE FUNCTION contact_roles_end_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET session_version = session_version + 1
  WHERE id IN (SELECT user_id FROM changed_rows);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION contact_roles_end_sessions_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET session_version = session_version + 1
  WHERE id IN (SELECT user_id FROM removed_rows);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER contact_roles_updated_end_sessions
  AFTER UPDATE ON contact_roles REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contact_roles_end_sessions();--> statement-breakpoint
CREATE TRIGGER contact_roles_deleted_end_sessions
  AFTER DELETE ON contact_roles REFERENCING OLD TABLE AS removed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contact_roles_end_sessions_on_delete();--> statement-breakpoint
CREATE FUNCTION staff_roles_end_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.session_version := OLD.session_version + 1;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER users_staff_roles_end_sessions
  BEFORE UPDATE OF staff_roles ON users
  FOR EACH ROW WHEN (OLD.staff_roles IS DISTINCT FROM NEW.staff_roles)
  EXECUTE FUNCTION staff_roles_end_sessions();
