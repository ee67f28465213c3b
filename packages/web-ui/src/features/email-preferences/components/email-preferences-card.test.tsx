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
  it('offers a checkbox only for what the person can change, and names the mandatory kinds once as always sent', async () => {
    const fetchMock = stubApi({ 'GET /v1/me/email-preferences': () => jsonResponse(preferences(true)) });

    openAccount();

    const card = await section();
    const receipts = (await card.findByRole('checkbox', { name: 'Payment receipts' })) as HTMLInputElement;
    expect(receipts.checked).toBe(true);
    expect(card.getAllByRole('checkbox')).toHaveLength(1);
    expect(card.queryByRole('checkbox', { name: /Invoices issued/ })).toBeNull();
    expect(card.getByText(/^Always sent:/).textContent).toBe('Always sent: Invoices issued.');
    expect(calledRoutes(fetchMock).filter((route) => route.includes('email-preferences'))).toEqual([
      'GET /v1/me/email-preferences',
    ]);
  });

  it('says so when nothing can be turned off', async () => {
    stubApi({
      'GET /v1/me/email-preferences': () =>
        jsonResponse({ items: [{ kind: 'invoice_issued', mandatory: true, enabled: true }] }),
    });

    openAccount();

    const card = await section();
    expect(
      await card.findByText('None of the emails that concern your role can be turned off.'),
    ).toBeDefined();
    expect(card.queryByRole('checkbox')).toBeNull();
    expect(card.getByText(/^Always sent:/).textContent).toBe('Always sent: Invoices issued.');
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
