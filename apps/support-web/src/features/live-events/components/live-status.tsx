import { useLiveEventsStatus } from '../hooks/use-live-ticket-events';

/** Tells the reader when live updates have stopped for a moment, and that they will resume by themselves. */
export function LiveStatus() {
  const status = useLiveEventsStatus();
  if (status !== 'reconnecting') return null;
  return (
    <p className="notice live-status" role="status">
      Reconnecting… Live updates will resume shortly; nothing you missed will be lost.
    </p>
  );
}
