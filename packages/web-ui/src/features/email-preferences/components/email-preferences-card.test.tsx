import type { EmailPreferences, Permission } from '@portals/domain';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createPortalRoutes } from '../../../app/create-portal-routes';
import {
  calledRoutes,
  createTestSession,
  jsonResponse,
  renderPortal,
  stubApi,
  testMe,
} from '../../../testing';

const portal = {
  id: 'subscriber' as const,
  productName: 'Test Portal',
  routes: createPortalRoutes({ home: { label: 'Home', load: async () => () => <h1>Home</h1> } }),
};

const preferences = (paymentReceipts: boolean): EmailPreferences => ({
  items: [
    { kind: 'invoice_issued', mandatory: true, enabled: true },
    { kind: 'payment_received', mandatory: false, enabled: paymentReceipts },
  ],
});

const openAccount = (permissions: Permission[] = ['email_preferences:manage:own']) =>
  renderPortal(portal, { path: '/account', session: createTestSession(testMe({ permissions })) });

const section = async () => within(await screen.findByRole('region', { name: 'Email notifications' }));

describe('Email notifications on the account page', () => {
  it('shows mandatory kinds as always on: ticked, disabled and said to be always sent', async () => {
    const fetchMock = stubApi({ 'GET /v1/me/email-preferences': () => jsonResponse(preferences(true)) });

    openAccount();

    const invoices = (await (
      await section()
    ).findByRole('checkbox', { name: /Invoices issued/ })) as HTMLInputElement;
    expect(invoices.checked).toBe(true);
    expect(invoices.disabled).toBe(true);
    expect(invoices.closest('label')?.textContent).toContain('always sent');
    fireEvent.click(invoices);
    expect(invoices.checked).toBe(true);
    expect(calledRoutes(fetchMock)).toEqual(['GET /v1/me/email-preferences']);
  });

  it('turns an optional kind off with one PUT and says it was saved', async () => {
    let paymentReceipts = true;
    const fetchMock = stubApi({
      'GET /v1/me/email-preferences': () => jsonResponse(preferences(paymentReceipts)),
      'PUT /v1/me/email-preferences': ({ body }) => {
        paymentReceipts = (body as { enabled: boolean }).enabled;
        return jsonResponse(preferences(paymentReceipts));
      },
    });

    openAccount();
    const receipts = (await (
      await section()
    ).findByRole('checkbox', { name: /Payment receipts/ })) as HTMLInputElement;
    expect(receipts.disabled).toBe(false);
    fireEvent.click(receipts);

    expect(await (await section()).findByText('Saved: Payment receipts turned off.')).toBeDefined();
    expect(receipts.checked).toBe(false);
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT');
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ kind: 'payment_received', enabled: false });
  });

  it('is not shown without email_preferences:manage:own', async () => {
    const fetchMock = stubApi({});

    openAccount(['subscription:read:org']);

    expect(await screen.findByRole('heading', { level: 1, name: 'Your account' })).toBeDefined();
    expect(screen.queryByRole('region', { name: 'Email notifications' })).toBeNull();
    expect(calledRoutes(fetchMock)).not.toContain('GET /v1/me/email-preferences');
  });
});
