import {
  createTestSession,
  jsonResponse,
  problemResponse,
  renderPortal,
  stubApi,
  testMe,
  testStaffMe,
} from '@portals/web-ui/testing';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { portal } from '../../../app/portal';

const accountManager = testStaffMe({
  name: 'Max Manager',
  email: 'accounts@vendor.example',
  staffRoles: ['account_manager'],
  permissions: ['organization:read:any', 'subscription:read:any', 'order_form:process:any'],
});

const northwind = {
  id: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
  name: 'Northwind Resellers',
  kind: 'partner',
  tier: 'advanced',
  registeringPartner: null,
  mainContact: null,
  nextRenewalDate: null,
};

const tierList = { items: [{ tier: 'premium', namedSupportAccounts: 2 }] };

const result = {
  number: 'OF-2026-0042',
  organizationId: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d',
  subscriptionId: '1c2d3e4f-5061-4b7c-9d8e-0f1a2b3c4d5e',
  mainContactId: '2d3e4f50-6172-4c8d-ae9f-1a2b3c4d5e6f',
  administrativeContactId: null,
  processedAt: '2026-01-15T10:00:00.000Z',
  created: false,
};

const openForm = () =>
  renderPortal(portal, {
    basename: '/subscriber',
    path: '/subscriber/back-office/order-forms/new',
    session: createTestSession(accountManager),
  });

const fill = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** A complete, valid Order Form; the stubbed API decides what it answers. */
const fillValidForm = async () => {
  await screen.findByLabelText('Order Form number');
  fill('Order Form number', 'OF-2026-0042');
  fill('Organization name', 'Umbrella Networks');
  fill('Tier', 'premium');
  fill('Servers', '12');
  fill('Term start', '2026-02-01');
  fill('Term end', '2027-01-31');
  fill('Main contact name', 'Alice Main');
  fill('Main contact email', 'alice@umbrella.example');
};

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Process the Order Form' }));

/** The error message tied to a field through `aria-describedby`. */
const fieldErrorOf = (label: string) => {
  const input = screen.getByLabelText(label);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.map((id) => document.getElementById(id)?.textContent).join(' ') || null;
};

describe('the Process an Order Form page', () => {
  it('sends the form as the API expects and shows its field errors next to the fields they concern', async () => {
    const sent: unknown[] = [];
    const searched: string[] = [];
    stubApi({
      'GET /v1/staff/organizations': ({ url }) => {
        searched.push(url.search);
        return jsonResponse({ items: [northwind], nextCursor: null });
      },
      'POST /v1/order-forms': ({ body }) => {
        sent.push(body);
        return problemResponse(400, 'validation_failed', 'Some fields are not valid', {
          errors: [
            { path: 'body.subscription.termEnd', message: 'must be after the term start' },
            { path: 'body.mainContact.email', message: 'must be a valid email address' },
            { path: 'body.organization.registeringPartnerId', message: 'is not a partner organization' },
          ],
        });
      },
    });

    openForm();
    await fillValidForm();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Registering partner' }), {
      target: { value: 'north' },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Northwind Resellers (Advanced)' }));
    expect(searched).toEqual(['?q=north&kind=partner&limit=10']);
    expect(screen.getByText('Chosen:', { exact: false }).textContent).toContain('Northwind Resellers');
    submit();

    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Some fields are not valid');
    expect(
      within(summary)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Registering partner is not a partner organization',
      'Term end must be after the term start',
      'Main contact email must be a valid email address',
    ]);
    expect(fieldErrorOf('Term end')).toBe('must be after the term start');
    expect(fieldErrorOf('Main contact email')).toBe('must be a valid email address');
    expect(fieldErrorOf('Registering partner')).toBe('is not a partner organization');
    expect(fieldErrorOf('Term start')).toBeNull();
    expect(fieldErrorOf('Order Form number')).toBeNull();
    expect(screen.getByLabelText('Term end').getAttribute('aria-invalid')).toBe('true');
    // What was typed stays, to be corrected.
    expect((screen.getByLabelText('Organization name') as HTMLInputElement).value).toBe('Umbrella Networks');
    expect(sent).toEqual([
      {
        number: 'OF-2026-0042',
        organization: {
          name: 'Umbrella Networks',
          kind: 'customer',
          registeringPartnerId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
        },
        subscription: {
          tier: 'premium',
          servers: 12,
          termStart: '2026-02-01',
          termEnd: '2027-01-31',
          currency: 'EUR',
        },
        mainContact: { name: 'Alice Main', email: 'alice@umbrella.example' },
      },
    ]);
  });

  it('finds the registering partner by name as staff type; typing again drops the choice', async () => {
    const sent: unknown[] = [];
    stubApi({
      'GET /v1/staff/organizations': ({ url }) =>
        jsonResponse({
          items: url.searchParams.get('q') === 'zzz' ? [] : [northwind],
          nextCursor: null,
        }),
      'POST /v1/order-forms': ({ body }) => {
        sent.push(body);
        return jsonResponse({ ...result, created: true }, { status: 201 });
      },
    });

    openForm();
    await fillValidForm();
    const partner = screen.getByRole('searchbox', { name: 'Registering partner' });
    fireEvent.change(partner, { target: { value: 'zzz' } });
    expect(await screen.findByText(/No partner.s name holds “zzz”/)).toBeDefined();
    fireEvent.change(partner, { target: { value: 'wind' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Northwind Resellers (Advanced)' }));
    fireEvent.change(partner, { target: { value: 'Northwind Reseller' } });
    expect(screen.queryByText('Chosen:', { exact: false })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Northwind Resellers (Advanced)' }));
    submit();

    await screen.findByRole('region', { name: 'Order Form OF-2026-0042 processed' });
    expect(sent).toEqual([
      expect.objectContaining({
        organization: { name: 'Umbrella Networks', kind: 'customer', registeringPartnerId: northwind.id },
      }),
    ]);
  });

  it('sends no registering partner when the field was typed in but none chosen', async () => {
    const sent: unknown[] = [];
    stubApi({
      'GET /v1/staff/organizations': () => jsonResponse({ items: [northwind], nextCursor: null }),
      'POST /v1/order-forms': ({ body }) => {
        sent.push(body);
        return jsonResponse({ ...result, created: true }, { status: 201 });
      },
    });
    openForm();
    await fillValidForm();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Registering partner' }), {
      target: { value: 'north' },
    });
    await screen.findByRole('button', { name: 'Northwind Resellers (Advanced)' });
    submit();
    await screen.findByRole('region', { name: 'Order Form OF-2026-0042 processed' });
    expect(sent).toEqual([
      expect.objectContaining({ organization: { name: 'Umbrella Networks', kind: 'customer' } }),
    ]);
  });

  it('checks the term before sending: it must end after it starts', async () => {
    const fetchMock = stubApi({});
    openForm();
    await fillValidForm();
    fill('Term end', '2026-01-31');
    submit();

    expect((await screen.findByRole('alert')).textContent).toContain('Term end must be after the term start');
    expect(fieldErrorOf('Term end')).toBe('must be after the term start');
    expect(fetchMock.mock.calls.filter(([url]) => String(url).includes('/v1/order-forms'))).toHaveLength(0);
  });

  it('says nothing was created twice when the API answers 200 for a form it had already processed', async () => {
    stubApi({ 'POST /v1/order-forms': () => jsonResponse(result, { status: 200 }) });

    openForm();
    await fillValidForm();
    submit();

    const panel = await screen.findByRole('region', {
      name: 'Order Form OF-2026-0042 was already processed',
    });
    expect(panel.textContent).toContain('nothing was created twice');
    expect(panel.textContent).not.toContain('welcome emails sent');
  });

  it('confirms a newly processed form (201): organization created, welcome emails sent to the contacts', async () => {
    stubApi({
      'POST /v1/order-forms': () =>
        jsonResponse({ ...result, processedAt: new Date().toISOString(), created: true }, { status: 201 }),
    });

    openForm();
    await fillValidForm();
    submit();

    const panel = await screen.findByRole('region', { name: 'Order Form OF-2026-0042 processed' });
    expect(panel.textContent).toContain('organization “Umbrella Networks” created');
    expect(panel.textContent).toContain('welcome emails sent to Alice Main <alice@umbrella.example>');
    expect(panel.textContent).not.toContain('nothing was created twice');
  });

  it('is in the navigation of staff who may process Order Forms', async () => {
    stubApi({ 'GET /v1/tiers': () => jsonResponse(tierList) });
    renderPortal(portal, {
      basename: '/subscriber',
      path: '/subscriber',
      session: createTestSession(accountManager),
    });

    const navigation = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      (await within(navigation).findByRole('link', { name: 'Process an Order Form' })).getAttribute('href'),
    ).toBe('/subscriber/back-office/order-forms/new');
  });

  it('is neither in the navigation nor open to people without order_form:process:any', async () => {
    stubApi({ 'GET /v1/tiers': () => jsonResponse(tierList) });
    renderPortal(portal, {
      basename: '/subscriber',
      path: '/subscriber/back-office/order-forms/new',
      session: createTestSession(testStaffMe({ name: 'Bea Billing', staffRoles: ['billing'] })),
    });

    expect(await screen.findByRole('link', { name: 'Bea Billing' })).toBeDefined();
    const navigation = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(navigation)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Overview', 'Organizations']);
    expect(screen.queryByRole('button', { name: 'Process the Order Form' })).toBeNull();
    expect(screen.queryByLabelText('Order Form number')).toBeNull();
  });

  it('is not offered to a main contact either', async () => {
    stubApi({ 'GET /v1/tiers': () => jsonResponse(tierList) });
    renderPortal(portal, {
      basename: '/subscriber',
      path: '/subscriber',
      session: createTestSession(testMe()),
    });

    expect(await screen.findByRole('link', { name: 'Maria Main' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Process an Order Form' })).toBeNull();
  });
});
