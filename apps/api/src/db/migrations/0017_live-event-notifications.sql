-- Live events across API processes (docs/decisions/017-live-events.md): every new ticket event is
-- announced on the `ticket_events` channel, delivered when its transaction commits (never for a rolled
-- back one), to every process's one LISTEN connection. The payload is small and never the body: the
-- event id, its ticket and its organization; listeners read the rest, once, by the read rule.
CREATE FUNCTION ticket_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ticket_events',
    json_build_object('id', NEW.id, 'ticketId', NEW.ticket_id, 'organizationId', NEW.organization_id)::text);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER ticket_events_notify
  AFTER INSERT ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION ticket_events_notify();--> statement-breakpoint
-- A person whose access ends (deactivated; signed out everywhere, password or roles changed, contact
-- removed: each raises the session version) stops receiving live events at once, in every process.
CREATE FUNCTION users_notify_sessions_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sessions_ended',
    json_build_object('userId', NEW.id, 'sessionVersion', NEW.session_version, 'active', NEW.active)::text);
  RETURN NULL;
END;
$$;--> statement-breakpoint
-- Any update, not `UPDATE OF`: a change of staff roles raises the version in a BEFORE trigger (0006).
CREATE TRIGGER users_notify_sessions_ended
  AFTER UPDATE ON users
  FOR EACH ROW
  WHEN (OLD.session_version IS DISTINCT FROM NEW.session_version OR OLD.active IS DISTINCT FROM NEW.active)
  EXECUTE FUNCTION users_notify_sessions_ended();
