import type { WebhookEndpoint, WebhookEndpointWithSecret } from '@portals/domain';
import { Button, ConfirmDialog, Dialog, Table, tableStateOf, useToast } from '@portals/web-ui';
import { useState } from 'react';
import { useWebhooks } from '../api/get-webhooks';
import {
  useDeleteWebhook,
  usePingWebhook,
  useRotateWebhookSecret,
  useUpdateWebhook,
} from '../api/manage-webhooks';
import { CreateWebhookForm } from './create-webhook-form';
import { WebhookDeliveries } from './webhook-deliveries';
import { webhookEventLabels, webhookStatusLabels } from './webhook-labels';
import { WebhookSecret } from './webhook-secret';

/** What webhooks are, where there are none yet. */
function NoWebhooks() {
  return (
    <>
      <p>
        <strong>No webhook endpoints yet.</strong>
      </p>
      <p>
        A webhook sends your own system an HTTP request each time something happens here (a ticket is opened
        or answered, an invoice is issued…), signed so that your system can check it came from us.
      </p>
    </>
  );
}

/** The endpoint's actions: deliveries, a test ping, a new secret, disable or enable, delete. */
function EndpointActions({
  endpoint,
  onShowDeliveries,
  onRotated,
  onDelete,
}: {
  endpoint: WebhookEndpoint;
  onShowDeliveries: () => void;
  onRotated: (rotated: WebhookEndpointWithSecret) => void;
  onDelete: () => void;
}) {
  const ping = usePingWebhook();
  const rotate = useRotateWebhookSecret();
  const update = useUpdateWebhook();
  const { showToast } = useToast();
  const enabled = endpoint.status === 'enabled';
  return (
    <div className="actions">
      <Button variant="secondary" onClick={onShowDeliveries}>
        Deliveries
      </Button>
      {enabled ? (
        <Button
          variant="secondary"
          busy={ping.isPending}
          busyLabel="Sending…"
          onClick={() =>
            ping.mutate(endpoint.id, {
              onSuccess: () => {
                showToast(`A test ping is on its way to ${endpoint.url}.`);
                onShowDeliveries();
              },
              onError: () => showToast('The ping could not be sent. Try again.'),
            })
          }
        >
          Send a test ping
        </Button>
      ) : null}
      <Button
        variant="secondary"
        busy={rotate.isPending}
        busyLabel="Rotating…"
        onClick={() =>
          rotate.mutate(endpoint.id, {
            onSuccess: onRotated,
            onError: () => showToast('The secret could not be rotated. Try again.'),
          })
        }
      >
        Rotate the secret
      </Button>
      <Button
        variant="secondary"
        busy={update.isPending}
        busyLabel={enabled ? 'Disabling…' : 'Enabling…'}
        onClick={() =>
          update.mutate(
            { webhookId: endpoint.id, body: { enabled: !enabled } },
            {
              onSuccess: () =>
                showToast(
                  enabled
                    ? `${endpoint.url} is disabled: events wait until you enable it.`
                    : `${endpoint.url} is enabled: what waited is being sent.`,
                ),
              onError: () => showToast('The endpoint could not be changed. Try again.'),
            },
          )
        }
      >
        {enabled ? 'Disable' : 'Enable'}
      </Button>
      <Button variant="danger" onClick={onDelete}>
        Delete
      </Button>
    </div>
  );
}

/**
 * Webhooks: the endpoints an organization's main contact (or, vendor-wide, an administrator) registers,
 * with their status, the secret shown once, test pings, the delivery log and redelivery.
 */
export function WebhooksPage() {
  const webhooks = useWebhooks();
  const remove = useDeleteWebhook();
  const { showToast } = useToast();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ created: WebhookEndpointWithSecret; rotated: boolean } | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const shown = webhooks.data?.items.find((endpoint) => endpoint.id === shownId) ?? null;
  const registerButton = <Button onClick={() => setCreating(true)}>Register an endpoint</Button>;
  return (
    <>
      <Dialog open={creating} title="Register a webhook endpoint" onClose={() => setCreating(false)}>
        {creating ? (
          <CreateWebhookForm
            onCancel={() => setCreating(false)}
            onCreated={(created) => {
              setCreating(false);
              setSecret({ created, rotated: false });
              showToast(`${created.endpoint.url} is registered.`);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete the endpoint ${deleting.url}?` : ''}
        confirmLabel="Delete the endpoint"
        busyLabel="Deleting…"
        cancelLabel="Keep it"
        variant="danger"
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync(deleting.id);
          if (shownId === deleting.id) setShownId(null);
          showToast(`${deleting.url} was deleted.`);
        }}
        onClose={() => setDeleting(null)}
      >
        <p>Nothing more is sent to it, and its delivery log is deleted with it. This cannot be undone.</p>
      </ConfirmDialog>
      {secret ? (
        <WebhookSecret created={secret.created} rotated={secret.rotated} onDone={() => setSecret(null)} />
      ) : null}
      <div className="card">
        <Table
          caption="Webhook endpoints, newest first"
          rowKey={(endpoint) => endpoint.id}
          state={tableStateOf(webhooks, (data) => data.items)}
          loadingMessage="Loading the webhook endpoints…"
          errorSummary="The webhook endpoints could not be loaded."
          empty={{ message: <NoWebhooks />, action: registerButton }}
          columns={[
            {
              key: 'url',
              header: 'Endpoint',
              rowHeader: true,
              cell: (endpoint) => (
                <>
                  <code>{endpoint.url}</code>
                  {endpoint.description ? <div className="muted">{endpoint.description}</div> : null}
                </>
              ),
            },
            {
              key: 'events',
              header: 'Events',
              cell: (endpoint) => (
                <ul className="plain-list">
                  {endpoint.eventTypes.map((type) => (
                    <li key={type}>{webhookEventLabels[type]}</li>
                  ))}
                </ul>
              ),
            },
            {
              key: 'status',
              header: 'Status',
              cell: (endpoint) => (
                <span className={`status status-${endpoint.status}`}>
                  {webhookStatusLabels[endpoint.status]}
                </span>
              ),
            },
            {
              key: 'actions',
              header: <span className="visually-hidden">Actions</span>,
              cell: (endpoint) => (
                <EndpointActions
                  endpoint={endpoint}
                  onShowDeliveries={() => setShownId(endpoint.id)}
                  onRotated={(rotated) => {
                    setSecret({ created: rotated, rotated: true });
                    showToast(`The secret of ${endpoint.url} was rotated.`);
                  }}
                  onDelete={() => setDeleting(endpoint)}
                />
              ),
            },
          ]}
        />
        {webhooks.data && webhooks.data.items.length > 0 ? (
          <div className="actions">{registerButton}</div>
        ) : null}
      </div>
      {shown ? (
        <section className="card" aria-label="Deliveries">
          <WebhookDeliveries endpoint={shown} />
        </section>
      ) : null}
    </>
  );
}
