import { PageTitle } from '@portals/web-ui';
import { WebhooksPage } from '../../features/webhooks/components/webhooks-page';

export function WebhooksRoute() {
  return (
    <section className="page">
      <PageTitle>Webhooks</PageTitle>
      <h1>Webhooks</h1>
      <p className="muted">
        Your systems hear of tickets, invoices, requests and contacts as they change: each event is POSTed,
        signed, to the endpoints you register here, and retried for three days when they do not answer.
      </p>
      <WebhooksPage />
    </section>
  );
}
