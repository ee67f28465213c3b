import type { WebhookDelivery, WebhookEndpoint } from '@portals/domain';
import { Button, formatInstant, Table, tableStateOf, useToast } from '@portals/web-ui';
import { useQueryClient } from '@tanstack/react-query';
import { useWebhookDeliveries } from '../api/get-webhooks';
import { useRedeliverWebhook, webhookDeliveriesQueryKey } from '../api/manage-webhooks';
import { deliveryStatusLabels, webhookEventLabels } from './webhook-labels';

const instant = (isoInstant: string) => (
  <time dateTime={isoInstant}>{formatInstant(isoInstant, { withTime: true })}</time>
);

/** Each attempt: when, the answer (or the error), how long it took, what the receiver said. */
function Attempts({ delivery }: { delivery: WebhookDelivery }) {
  if (delivery.attempts.length === 0) return <span className="muted">Not tried yet</span>;
  return (
    <ol className="plain-list">
      {delivery.attempts.map((attempt) => (
        <li key={attempt.attemptedAt}>
          {instant(attempt.attemptedAt)}:{' '}
          {attempt.statusCode === null ? (
            <strong>{attempt.error}</strong>
          ) : (
            <strong>HTTP {attempt.statusCode}</strong>
          )}{' '}
          in {attempt.latencyMs} ms
          {attempt.responseExcerpt ? (
            <>
              {' '}
              <code>
                {attempt.responseExcerpt}
                {attempt.responseTruncated ? '… (cut at 1 KB)' : ''}
              </code>
            </>
          ) : null}
          {attempt.nextAttemptAt ? <> — next attempt {instant(attempt.nextAttemptAt)}</> : null}
        </li>
      ))}
    </ol>
  );
}

/** The endpoint's recent deliveries with their attempts, and sending one again. */
export function WebhookDeliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const deliveries = useWebhookDeliveries(endpoint.id);
  const redeliver = useRedeliverWebhook();
  const queryClient = useQueryClient();
  const { showToast } = useToast();
  return (
    <Table
      caption={`Recent deliveries to ${endpoint.url}`}
      rowKey={(delivery) => delivery.id}
      state={tableStateOf(deliveries, (data) => data.items)}
      loadingMessage="Loading the deliveries…"
      errorSummary="The deliveries could not be loaded."
      empty={{ message: 'Nothing was sent to this endpoint yet. Send a test ping to try it.' }}
      columns={[
        {
          key: 'event',
          header: 'Event',
          rowHeader: true,
          cell: (delivery) => webhookEventLabels[delivery.eventType],
        },
        { key: 'created', header: 'Happened', cell: (delivery) => instant(delivery.createdAt) },
        {
          key: 'status',
          header: 'Status',
          cell: (delivery) => (
            <span className={`status status-${delivery.status}`}>
              {deliveryStatusLabels[delivery.status]}
            </span>
          ),
        },
        { key: 'attempts', header: 'Attempts', cell: (delivery) => <Attempts delivery={delivery} /> },
        {
          key: 'actions',
          header: <span className="visually-hidden">Actions</span>,
          cell: (delivery) =>
            endpoint.status === 'enabled' ? (
              <Button
                variant="secondary"
                busy={redeliver.isPending && redeliver.variables?.deliveryId === delivery.id}
                busyLabel="Sending…"
                onClick={() =>
                  redeliver.mutate(
                    { webhookId: endpoint.id, deliveryId: delivery.id },
                    {
                      onSuccess: () => {
                        showToast('The delivery is being sent again.');
                        void queryClient.invalidateQueries({
                          queryKey: webhookDeliveriesQueryKey(endpoint.id),
                        });
                      },
                      onError: () => showToast('The delivery could not be sent again. Try once more.'),
                    },
                  )
                }
              >
                Redeliver
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
