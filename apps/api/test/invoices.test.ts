import { Invoice, InvoicePage, Problem } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, invoices } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

/** The vendor's today, fixed: overdue is read against it. */
const now = new Date('2026-12-02T10:00:00Z');

const lines = [
  {
    description: 'Premium subscription, 4 servers',
    quantity: 4,
    unitPriceMinor: 125_000,
    taxRateBasisPoints: 2_000,
  },
  { description: 'Onboarding workshop', quantity: 1, unitPriceMinor: 9_999, taxRateBasisPoints: 700 },
];

describe('invoices through the API', () => {
  const context = useTestApp({ clock: () => now });
  const people = {} as Record<
    'billing' | 'admin' | 'agent' | 'manager' | 'main' | 'administrative' | 'technical' | 'otherMain',
    TestUser
  >;
  const ids = {} as Record<'acme' | 'globex', string>;

  beforeAll(async () => {
    const { factories } = context;
    ids.acme = await factories.organization({ name: 'Acme Invoiced', tier: 'premium' });
    ids.globex = await factories.organization({ name: 'Globex Invoiced', tier: 'basic' });
    people.billing = await factories.staff({ roles: ['billing'] });
    people.admin = await factories.staff({ roles: ['admin'] });
    people.agent = await factories.staff({ roles: ['support_agent'] });
    people.manager = await factories.staff({ roles: ['account_manager'] });
    people.main = await factories.contact({ organizationId: ids.acme, roles: ['main'] });
    people.administrative = await factories.contact({ organizationId: ids.acme, roles: ['administrative'] });
    people.technical = await factories.contact({ organizationId: ids.acme, roles: ['technical'] });
    people.otherMain = await factories.contact({ organizationId: ids.globex, roles: ['main'] });
  });

  const draft = async (organizationId = ids.acme, currency = 'EUR', as = people.billing) => {
    const response = await context.as(as).post('/v1/staff/invoices', { organizationId, currency, lines });
    expect(response.statusCode, response.body).toBe(201);
    return Invoice.parse(response.json());
  };

  const issued = async (organizationId = ids.acme, issue: { issueDate?: string; dueDate?: string } = {}) => {
    const created = await draft(organizationId);
    const response = await context.as(people.billing).post(`/v1/staff/invoices/${created.id}/issue`, issue);
    expect(response.statusCode, response.body).toBe(200);
    return Invoice.parse(response.json());
  };

  const pay = (invoiceId: string, amountMinor: number, as = people.billing) =>
    context.as(as).post(`/v1/staff/invoices/${invoiceId}/payments`, {
      amountMinor,
      method: 'bank_transfer',
      reference: 'TRF 2026-1188',
      receivedOn: '2026-11-20',
    });

  it('drafts with totals computed per line, half-even, and tax lines per rate', async () => {
    const invoice = await draft();
    // 4 × 1,250.00 at 20 % and 99.99 at 7 % (6.9993 → 7.00).
    expect(invoice).toMatchObject({
      documentStatus: 'draft',
      number: null,
      paymentStatus: null,
      subtotalMinor: 509_999,
      taxMinor: 100_700,
      totalMinor: 610_699,
      remainingMinor: 0,
      taxRounding: 'half_even_per_line',
      organization: { id: ids.acme, name: 'Acme Invoiced' },
    });
    expect(invoice.taxLines).toEqual([
      { rateBasisPoints: 700, taxableBaseMinor: 9_999, taxMinor: 700 },
      { rateBasisPoints: 2_000, taxableBaseMinor: 500_000, taxMinor: 100_000 },
    ]);
  });

  it('issues with the next number, a 30-day term by default, and the customer then sees it', async () => {
    const first = await issued();
    const second = await issued();
    expect(first).toMatchObject({
      documentStatus: 'issued',
      paymentStatus: 'unpaid',
      issueDate: '2026-12-02',
      dueDate: '2027-01-01',
      billToName: 'Acme Invoiced',
      remainingMinor: 610_699,
    });
    const [, year, number] = first.number?.split('-') ?? [];
    expect(year).toBe('2026');
    expect(second.number).toBe(`INV-2026-${String(Number(number) + 1).padStart(4, '0')}`);
    for (const reader of [people.main, people.administrative]) {
      const response = await context.as(reader).get(`/v1/invoices/${first.id}`);
      expect(response.statusCode).toBe(200);
      expect(Invoice.parse(response.json()).lines).toHaveLength(2);
    }
    const audit = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invoice.issued'), eq(auditLog.targetId, first.id)));
    expect(audit[0]?.details).toMatchObject({ number: first.number, totalMinor: 610_699 });
  });

  it('hides drafts from customers: not listed, not found, and not asked for', async () => {
    const hidden = await draft();
    expect((await context.as(people.main).get(`/v1/invoices/${hidden.id}`)).statusCode).toBe(404);
    const list = InvoicePage.parse((await context.as(people.main).get('/v1/invoices?limit=100')).json());
    expect(list.items.map((item) => item.id)).not.toContain(hidden.id);
    expect(list.items.every((item) => item.documentStatus !== 'draft')).toBe(true);
    const asked = await context.as(people.main).get('/v1/invoices?documentStatus=draft');
    expect(asked.statusCode).toBe(400);
    expect(Problem.parse(asked.json()).errors?.[0]?.path).toBe('querystring.documentStatus');
    const staffList = InvoicePage.parse(
      (
        await context.as(people.billing).get(`/v1/invoices?organizationId=${ids.acme}&documentStatus=draft`)
      ).json(),
    );
    expect(staffList.items.map((item) => item.id)).toContain(hidden.id);
  });

  it('records partial payments until paid, refuses overpaying, and tells what remains', async () => {
    const invoice = await issued();
    const partly = await pay(invoice.id, 200_000);
    expect(partly.statusCode).toBe(201);
    expect(Invoice.parse(partly.json())).toMatchObject({
      paymentStatus: 'partially_paid',
      paidMinor: 200_000,
      remainingMinor: 410_699,
    });
    const tooMuch = await pay(invoice.id, 410_700);
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Problem.parse(tooMuch.json()).detail).toMatch(/410699 minor units remain/);
    const rest = Invoice.parse((await pay(invoice.id, 410_699)).json());
    expect(rest).toMatchObject({ paymentStatus: 'paid', remainingMinor: 0 });
    expect(rest.payments.map((payment) => payment.amountMinor)).toEqual([200_000, 410_699]);
    // The customer reads the same figures.
    const seen = Invoice.parse(
      (await context.as(people.administrative).get(`/v1/invoices/${invoice.id}`)).json(),
    );
    expect(seen).toMatchObject({ paymentStatus: 'paid', remainingMinor: 0, paidMinor: 610_699 });
  });

  it('answers 409 and changes nothing for every illegal transition', async () => {
    const unissued = await draft();
    expect((await pay(unissued.id, 100)).statusCode).toBe(409);
    expect(
      (await context.as(people.billing).post(`/v1/staff/invoices/${unissued.id}/void`, { reason: 'Wrong' }))
        .statusCode,
    ).toBe(409);
    const invoice = await issued();
    const again = await context.as(people.billing).post(`/v1/staff/invoices/${invoice.id}/issue`, {});
    expect(again.statusCode).toBe(409);
    expect(Problem.parse(again.json()).code).toBe('invalid_transition');
    const edit = await context
      .as(people.billing)
      .put(`/v1/staff/invoices/${invoice.id}`, { currency: 'EUR', lines: [lines[0]] });
    expect(edit.statusCode).toBe(409);
    expect((await context.as(people.billing).delete(`/v1/staff/invoices/${invoice.id}`)).statusCode).toBe(
      409,
    );
    const voided = await context
      .as(people.billing)
      .post(`/v1/staff/invoices/${invoice.id}/void`, { reason: 'Sent to the wrong organization' });
    expect(Invoice.parse(voided.json())).toMatchObject({
      documentStatus: 'void',
      paymentStatus: null,
      remainingMinor: 0,
      voidReason: 'Sent to the wrong organization',
    });
    const twice = await context
      .as(people.billing)
      .post(`/v1/staff/invoices/${invoice.id}/void`, { reason: 'Again' });
    expect(twice.statusCode).toBe(409);
    expect((await pay(invoice.id, 1)).statusCode).toBe(409);
    const [stored] = await context.database.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(stored).toMatchObject({ documentStatus: 'void', voidReason: 'Sent to the wrong organization' });
    // A paid invoice is corrected with a credit note, not voided.
    const paidInPart = await issued();
    await pay(paidInPart.id, 1_000);
    expect(
      (await context.as(people.billing).post(`/v1/staff/invoices/${paidInPart.id}/void`, { reason: 'Oops' }))
        .statusCode,
    ).toBe(409);
  });

  it('edits and deletes a draft, replacing its lines and totals whole', async () => {
    const created = await draft();
    const edited = await context.as(people.billing).put(`/v1/staff/invoices/${created.id}`, {
      currency: 'JPY',
      lines: [
        { description: 'Support in Japan', quantity: 3, unitPriceMinor: 33_333, taxRateBasisPoints: 1_000 },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    // 99,999 yen at 10 %: 9,999.9 → 10,000; no decimals in yen.
    expect(Invoice.parse(edited.json())).toMatchObject({
      currency: 'JPY',
      subtotalMinor: 99_999,
      taxMinor: 10_000,
    });
    expect((await context.as(people.billing).delete(`/v1/staff/invoices/${created.id}`)).statusCode).toBe(
      204,
    );
    expect((await context.as(people.billing).get(`/v1/invoices/${created.id}`)).statusCode).toBe(404);
  });

  it('edits and deletes only a draft, and says why not with a 409 that changes nothing', async () => {
    const read = async (invoiceId: string) =>
      Invoice.parse((await context.as(people.billing).get(`/v1/invoices/${invoiceId}`)).json());
    const edit = { currency: 'EUR', lines: [{ ...lines[0], quantity: 1 }] };
    const invoice = await issued();
    const voided = await issued();
    await context.as(people.billing).post(`/v1/staff/invoices/${voided.id}/void`, { reason: 'Billed twice' });
    for (const [target, state] of [
      [invoice, 'issued'],
      [voided, 'void'],
    ] as const) {
      const before = await read(target.id);
      const put = await context.as(people.billing).put(`/v1/staff/invoices/${target.id}`, edit);
      expect(put.statusCode).toBe(409);
      expect(Problem.parse(put.json())).toMatchObject({
        code: 'invalid_transition',
        detail: `The invoice is ${state}: only a draft is edited`,
      });
      const removed = await context.as(people.billing).delete(`/v1/staff/invoices/${target.id}`);
      expect(removed.statusCode).toBe(409);
      expect(Problem.parse(removed.json())).toMatchObject({
        code: 'invalid_transition',
        detail: `The invoice is ${state}: void it instead`,
      });
      expect(await read(target.id)).toEqual(before);
    }
    // Nothing was recorded for what was refused.
    const recorded = await context.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, invoice.id));
    expect(recorded.map((entry) => entry.action)).not.toContain('invoice.draft_changed');
    expect(recorded.map((entry) => entry.action)).not.toContain('invoice.draft_deleted');

    const unknown = crypto.randomUUID();
    expect((await context.as(people.billing).put(`/v1/staff/invoices/${unknown}`, edit)).statusCode).toBe(
      404,
    );
    expect((await context.as(people.billing).delete(`/v1/staff/invoices/${unknown}`)).statusCode).toBe(404);
  });

  it('lets only billing staff and admins edit or delete a draft, of whichever organization, and records who did', async () => {
    const read = async (invoiceId: string) =>
      Invoice.parse((await context.as(people.billing).get(`/v1/invoices/${invoiceId}`)).json());
    const acmeDraft = await draft(ids.acme);
    const globexDraft = await draft(ids.globex);
    const edit = { currency: 'EUR', lines: [{ ...lines[1], quantity: 3 }] };
    for (const outsider of [
      people.agent,
      people.manager,
      people.main,
      people.administrative,
      people.technical,
      people.otherMain,
    ]) {
      for (const target of [acmeDraft, globexDraft]) {
        const put = await context.as(outsider).put(`/v1/staff/invoices/${target.id}`, edit);
        expect(put.statusCode).toBe(403);
        expect(Problem.parse(put.json()).code).toBe('forbidden');
        expect((await context.as(outsider).delete(`/v1/staff/invoices/${target.id}`)).statusCode).toBe(403);
      }
    }
    expect(await read(acmeDraft.id)).toEqual(acmeDraft);
    expect(await read(globexDraft.id)).toEqual(globexDraft);

    // Staff keep every organization's books; the organization stays the draft's whatever the body says.
    const byAdmin = await context
      .as(people.admin)
      .put(`/v1/staff/invoices/${globexDraft.id}`, { ...edit, organizationId: ids.acme });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    // 3 × 99.99 at 7 %: 20.9979 → 21.00.
    expect(Invoice.parse(byAdmin.json())).toMatchObject({
      organization: { id: ids.globex },
      subtotalMinor: 29_997,
      taxMinor: 2_100,
      totalMinor: 32_097,
    });
    expect((await context.as(people.billing).delete(`/v1/staff/invoices/${acmeDraft.id}`)).statusCode).toBe(
      204,
    );
    const recorded = await context.database.db
      .select({ action: auditLog.action, actorUserId: auditLog.actorUserId, targetId: auditLog.targetId })
      .from(auditLog)
      .where(eq(auditLog.targetType, 'invoice'));
    expect(recorded).toContainEqual({
      action: 'invoice.draft_changed',
      actorUserId: people.admin.id,
      targetId: globexDraft.id,
    });
    expect(recorded).toContainEqual({
      action: 'invoice.draft_deleted',
      actorUserId: people.billing.id,
      targetId: acmeDraft.id,
    });
  });

  it('refuses a bad edit with the field named and keeps the draft as it was', async () => {
    const created = await draft();
    const attempts: [unknown, string][] = [
      [{ currency: 'EUR', lines: [] }, 'body.lines'],
      [{ currency: 'XYZ', lines }, 'body.currency'],
      [{ currency: 'EUR', lines: [lines[0], { ...lines[1], quantity: 0 }] }, 'body.lines.1.quantity'],
      [{ currency: 'EUR', lines: [{ ...lines[0], description: '   ' }] }, 'body.lines.0.description'],
    ];
    for (const [body, path] of attempts) {
      const response = await context.as(people.billing).put(`/v1/staff/invoices/${created.id}`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(Problem.parse(response.json()).errors?.map((error) => error.path)).toContain(path);
    }
    const unknownProduct = await context.as(people.billing).put(`/v1/staff/invoices/${created.id}`, {
      currency: 'EUR',
      lines: [{ ...lines[0], productId: crypto.randomUUID() }],
    });
    expect(unknownProduct.statusCode).toBe(422);
    expect(Problem.parse(unknownProduct.json()).errors?.map((error) => error.path)).toContain(
      'body.lines.0.productId',
    );
    expect(
      Invoice.parse((await context.as(people.billing).get(`/v1/invoices/${created.id}`)).json()),
    ).toEqual(created);
  });

  it('lists with filters and totals per currency of what is due and overdue', async () => {
    const organizationId = await context.factories.organization({ name: 'Filtered Ltd', tier: 'basic' });
    const contact = await context.factories.contact({ organizationId, roles: ['main'] });
    const late = await issued(organizationId, { issueDate: '2026-09-01', dueDate: '2026-10-01' });
    const current = await issued(organizationId, { issueDate: '2026-11-20', dueDate: '2026-12-20' });
    const yen = await draft(organizationId, 'JPY');
    await context.as(people.billing).post(`/v1/staff/invoices/${yen.id}/issue`, { issueDate: '2026-11-25' });
    await pay(current.id, 10_699);
    const page = InvoicePage.parse((await context.as(contact).get('/v1/invoices')).json());
    expect(page.items.map((item) => item.id)).toEqual([yen.id, current.id, late.id]);
    expect(page.items.find((item) => item.id === late.id)).toMatchObject({
      overdue: true,
      paymentStatus: 'unpaid',
    });
    expect(page.totals).toEqual([
      { currency: 'EUR', dueMinor: 610_699 + 600_000, overdueMinor: 610_699 },
      { currency: 'JPY', dueMinor: 610_699, overdueMinor: 0 },
    ]);
    const overdue = InvoicePage.parse((await context.as(contact).get('/v1/invoices?overdue=true')).json());
    expect(overdue.items.map((item) => item.id)).toEqual([late.id]);
    const partly = InvoicePage.parse(
      (await context.as(contact).get('/v1/invoices?paymentStatus=partially_paid')).json(),
    );
    expect(partly.items.map((item) => item.id)).toEqual([current.id]);
    const yenOnly = InvoicePage.parse((await context.as(contact).get('/v1/invoices?currency=JPY')).json());
    expect(yenOnly.items.map((item) => item.id)).toEqual([yen.id]);
    const november = InvoicePage.parse(
      (await context.as(contact).get('/v1/invoices?from=2026-11-01&to=2026-11-30')).json(),
    );
    expect(november.items.map((item) => item.id)).toEqual([yen.id, current.id]);
    // Pages follow on from each other without a gap or a repeat.
    const first = InvoicePage.parse((await context.as(contact).get('/v1/invoices?limit=2')).json());
    expect(first.nextCursor).not.toBeNull();
    const next = InvoicePage.parse(
      (await context.as(contact).get(`/v1/invoices?limit=2&cursor=${first.nextCursor}`)).json(),
    );
    expect([...first.items, ...next.items].map((item) => item.id)).toEqual([yen.id, current.id, late.id]);
    expect(next.nextCursor).toBeNull();
    const badCursor = await context.as(contact).get('/v1/invoices?cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.statusCode).toBe(400);
    // Once the yen invoice is paid, nothing is due in yen: the totals name only what is left to pay.
    await pay(yen.id, 610_699);
    const settled = InvoicePage.parse((await context.as(contact).get('/v1/invoices')).json());
    expect(settled.totals).toEqual([{ currency: 'EUR', dueMinor: 610_699 + 600_000, overdueMinor: 610_699 }]);
    expect(settled.items.find((item) => item.id === yen.id)).toMatchObject({
      paymentStatus: 'paid',
      remainingMinor: 0,
    });
  });

  it('keeps billing data from technical contacts, support staff and other organizations', async () => {
    const invoice = await issued();
    for (const outsider of [people.technical, people.agent, people.manager]) {
      expect((await context.as(outsider).get('/v1/invoices')).statusCode).toBe(403);
      expect((await context.as(outsider).get(`/v1/invoices/${invoice.id}`)).statusCode).toBe(403);
    }
    expect((await context.as(people.otherMain).get(`/v1/invoices/${invoice.id}`)).statusCode).toBe(404);
    const theirs = InvoicePage.parse(
      (await context.as(people.otherMain).get('/v1/invoices?limit=100')).json(),
    );
    expect(theirs.items.every((item) => item.organization.id === ids.globex)).toBe(true);
    expect(
      (await context.as(people.otherMain).get(`/v1/invoices?organizationId=${ids.acme}`)).statusCode,
    ).toBe(403);
    for (const customer of [people.main, people.administrative]) {
      expect(
        (
          await context
            .as(customer)
            .post('/v1/staff/invoices', { organizationId: ids.acme, currency: 'EUR', lines })
        ).statusCode,
      ).toBe(403);
      expect((await pay(invoice.id, 1, customer)).statusCode).toBe(403);
    }
    // The admin keeps the books too.
    expect((await context.as(people.admin).get(`/v1/invoices/${invoice.id}`)).statusCode).toBe(200);
  });

  it('refuses bad input with a clear problem and stores nothing', async () => {
    const before = (await context.database.db.select({ id: invoices.id }).from(invoices)).length;
    const attempts: [unknown, string][] = [
      [{ organizationId: ids.acme, currency: 'EUR', lines: [] }, 'body.lines'],
      [{ organizationId: ids.acme, currency: 'XYZ', lines }, 'body.currency'],
      [
        { organizationId: ids.acme, currency: 'EUR', lines: [{ ...lines[0], unitPriceMinor: 12.5 }] },
        'body.lines.0.unitPriceMinor',
      ],
      [
        { organizationId: ids.acme, currency: 'EUR', lines: [{ ...lines[0], description: 'A\u0000B' }] },
        'body.lines.0.description',
      ],
      [
        { organizationId: ids.acme, currency: 'EUR', lines: [{ ...lines[0], taxRateBasisPoints: 10_001 }] },
        'body.lines.0.taxRateBasisPoints',
      ],
    ];
    for (const [body, path] of attempts) {
      const response = await context.as(people.billing).post('/v1/staff/invoices', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(Problem.parse(response.json()).errors?.map((error) => error.path)).toContain(path);
    }
    const unknownOrganization = await context
      .as(people.billing)
      .post('/v1/staff/invoices', { organizationId: crypto.randomUUID(), currency: 'EUR', lines });
    expect(unknownOrganization.statusCode).toBe(422);
    const huge = await context.as(people.billing).post('/v1/staff/invoices', {
      organizationId: ids.acme,
      currency: 'EUR',
      lines: [
        {
          description: 'Too much',
          quantity: 1_000_000,
          unitPriceMinor: 9_000_000_000_000,
          taxRateBasisPoints: 0,
        },
      ],
    });
    expect(huge.statusCode).toBe(400);
    expect(Problem.parse(huge.json()).detail).toMatch(/too large/);
    expect((await context.database.db.select({ id: invoices.id }).from(invoices)).length).toBe(before);
  });

  it('records a payment once when retried with the same Idempotency-Key', async () => {
    const invoice = await issued();
    const send = () =>
      context
        .as(people.billing)
        .post(
          `/v1/staff/invoices/${invoice.id}/payments`,
          { amountMinor: 5_000, method: 'card', reference: 'Card ending 4242', receivedOn: '2026-12-01' },
          { headers: { 'idempotency-key': `payment-${invoice.id}` } },
        );
    const first = await send();
    const retry = await send();
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(Invoice.parse(retry.json()).payments).toHaveLength(1);
    const read = Invoice.parse((await context.as(people.billing).get(`/v1/invoices/${invoice.id}`)).json());
    expect(read.payments).toHaveLength(1);
  });
});
