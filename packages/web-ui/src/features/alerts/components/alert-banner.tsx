import { Link } from 'react-router-dom';
import { Button } from '../../../components/button';
import { alertKindLabels } from '../alert-labels';
import { useDismissAlert } from '../api/dismiss-alert';
import { useAlerts } from '../api/get-alerts';

/**
 * On every page of a portal, for a contact: each alert of their audience that is still active and that
 * they have not closed. Silent while loading or when the alerts cannot be read: a banner is no page.
 */
export function AlertBanner() {
  const alerts = useAlerts();
  const dismiss = useDismissAlert();
  const shown = (alerts.data?.items ?? []).filter((alert) => alert.active && !alert.dismissed);
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((alert) => (
        <aside
          key={alert.id}
          className={alert.kind === 'security_advisory' ? 'alert alert-banner' : 'notice alert-banner'}
          aria-label={`${alertKindLabels[alert.kind]}: ${alert.title}`}
        >
          <p>
            <strong>{alertKindLabels[alert.kind]}:</strong> {alert.title}{' '}
            <Link to={`/alerts#alert-${alert.id}`}>Read more</Link>
          </p>
          <Button
            variant="secondary"
            aria-label={`Dismiss “${alert.title}”`}
            busy={dismiss.isPending && dismiss.variables === alert.id}
            onClick={() => dismiss.mutate(alert.id)}
          >
            Dismiss
          </Button>
        </aside>
      ))}
    </>
  );
}
