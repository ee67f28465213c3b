import { ApiErrorMessage } from '../../../components/api-error-message';
import { Markdown } from '../../../components/markdown';
import { PageTitle } from '../../../components/page-title';
import { formatInstant } from '../../../lib/format-instant';
import { alertKindLabels } from '../alert-labels';
import { useAlerts } from '../api/get-alerts';

/** Every alert published to the contact's audience, latest first, with its Markdown shown safely. */
export function AlertsPage() {
  const alerts = useAlerts();
  return (
    <section className="page">
      <PageTitle>Alerts</PageTitle>
      <h1>Alerts</h1>
      {alerts.isError ? (
        <ApiErrorMessage
          summary="The alerts could not be loaded."
          error={alerts.error}
          onRetry={() => alerts.refetch()}
        />
      ) : alerts.isPending ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : alerts.data.items.length === 0 ? (
        <p className="muted">No alerts have been published to you.</p>
      ) : (
        alerts.data.items.map((alert) => (
          <article
            key={alert.id}
            id={`alert-${alert.id}`}
            className="card"
            aria-labelledby={`alert-${alert.id}-title`}
          >
            <h2 id={`alert-${alert.id}-title`}>
              {alertKindLabels[alert.kind]}: {alert.title}
            </h2>
            <p className="muted">
              Published {formatInstant(alert.publishedAt, { withTime: true })}
              {alert.activeUntil
                ? `, ${alert.active ? 'until' : 'ended'} ${formatInstant(alert.activeUntil, { withTime: true })}`
                : ''}
            </p>
            <Markdown>{alert.body}</Markdown>
          </article>
        ))
      )}
    </section>
  );
}
