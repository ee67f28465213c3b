import type { WebhookEndpoint } from '@portals/domain';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  renderPortal,
  requestsTo,
  stubApi,
  testMe,
} from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';

const endpoint: WebhookEndpoint = {
  id: '5f0c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  url: 'https://hooks.example.com/portals',
  description: 'Ticket bridge',
  eventTypes: ['ticket.created', 'ticket.replied', 'ticket.solved'],
  status: 'enabled',
  organizationId: '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b',
  failingSince: null,
  disabledAt: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-12-01T10:00:00Z',
};
const secret = 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

const main = testMe({ permissions: ['webhook:manage:org', 'organization:read:org'] });
const open = (me = main) =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: '/subscriber/webhooks',
    session: createTestSession(me),
  });

describe('the Webhooks page', () => {
  it('registers an endpoint from the empty state and shows its secret once, with the warning', async () => {
    let items: WebhookEndpoint[] = [];
    const fetchMock = stubApi({
      'GET /v1/webhooks': () => jsonResponse({ items }),
      'POST /v1/webhooks': () => {
        items = [endpoint];
        return jsonResponse({ endpoint, secret }, { status: 201 });
      },
    });
    open();
    expect(await screen.findByText('No webhook endpoints yet.')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Register an endpoint' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Register a webhook endpoint' }));
    fireEvent.change(dialog.getByLabelText('Endpoint URL', { exact: false }), {
      target: { value: endpoint.url },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Register the endpoint' }));

    expect(await screen.findByText('You will not see it again.')).toBeDefined();
    expect(screen.getByText(secret)).toBeDefined();
    expect(screen.getByRole('button', { name: 'Copy the secret' })).toBeDefined();
    const [sent] = requestsTo(fetchMock, 'POST /v1/webhooks');
    expect(JSON.parse(String(sent?.body))).toMatchObject({
      url: endpoint.url,
      eventTypes: ['ticket.created', 'ticket.replied', 'ticket.solved'],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText(secret)).toBeNull());
    expect(await screen.findByRole('rowheader', { name: /hooks\.example\.com/ })).toBeDefined();
  });

  it('asks before deleting an endpoint', async () => {
    const fetchMock = stubApi({
      'GET /v1/webhooks': () => jsonResponse({ items: [endpoint] }),
      [`DELETE /v1/webhooks/${endpoint.id}`]: () => new Response(null, { status: 204 }),
    });
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = within(screen.getByRole('dialog', { name: `Delete the endpoint ${endpoint.url}?` }));
    expect(calledRoutes(fetchMock)).not.toContain(`DELETE /v1/webhooks/${endpoint.id}`);
    fireEvent.click(dialog.getByRole('button', { name: 'Delete the endpoint' }));
    await waitFor(() => expect(calledRoutes(fetchMock)).toContain(`DELETE /v1/webhooks/${endpoint.id}`));
  });

  it('is not offered to a technical contact', async () => {
    stubApi({});
    open(testMe({ contactRoles: ['technical'], permissions: ['organization:read:org'] }));
    expect(await screen.findByText(/Webhooks are managed by your organization's main contact/)).toBeDefined();
  });
});
