import { Invoice } from '@portals/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from './fixtures';
import { textOf } from './pdf-text';
import { testConfig, useTestApp } from './test-app';

describe("an invoice's PDF", () => {
  const context = useTestApp({
    clock: () => new Date('2026-12-02T10:00:00Z'),
    config: testConfig({ INVOICE_ISSUER: 'Portals Software Ltd; 1 Example Street; 1000 Example City' }),
  });
  const people = {} as Record<'billing' | 'main' | 'technical' | 'otherMain', TestUser>;
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Acme PDF Holdings', tier: 'premium' });
    people.billing = await context.factories.staff({ roles: ['billing'] });
    people.main = await context.factories.contact({ organizationId, roles: ['main'] });
    people.technical = await context.factories.contact({ organizationId, roles: ['technical'] });
    const other = await context.factories.organization({ name: 'Elsewhere' });
    people.otherMain = await context.factories.contact({ organizationId: other, roles: ['main'] });
  });

  const issued = async (currency: string, lines: object[]) => {
    const created = Invoice.parse(
      (
        await context.as(people.billing).post('/v1/staff/invoices', { organizationId, currency, lines })
      ).json(),
    );
    const response = await context
      .as(people.billing)
      .post(`/v1/staff/invoices/${created.id}/issue`, { issueDate: '2026-11-30', dueDate: '2026-12-30' });
    return Invoice.parse(response.json());
  };

  const download = (invoiceId: string, as: TestUser = people.main) =>
    context.as(as).get(`/v1/invoices/${invoiceId}/pdf`);

  it('prints the vendor, the customer, the lines, the tax per rate and the totals, as extractable text', async () => {
    const invoice = await issued('EUR', [
      {
        description: 'Premium subscription, 4 servers',
        quantity: 4,
        unitPriceMinor: 125_000,
        taxRateBasisPoints: 2_000,
      },
      { description: 'Onboarding workshop', quantity: 1, unitPriceMinor: 9_999, taxRateBasisPoints: 810 },
    ]);
    const response = await download(invoice.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
    const text = await textOf(response.rawPayload);
    for (const expected of [
      'Portals Software Ltd',
      '1000 Example City',
      `Invoice ${invoice.number}`,
      'Acme PDF Holdings',
      'Issued 2026-11-30',
      'Due 2026-12-30',
      'Premium subscription, 4 servers',
      '€1,250.00',
      '€5,000.00',
      'Tax 20 % on €5,000.00 €1,000.00',
      // 99.99 at 8.1 %: 8.09919 → 8.10.
      'Tax 8.1 % on €99.99 €8.10',
      'Subtotal €5,099.99',
      'Total €6,108.09',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('gives the same bytes at every download, payments or not', async () => {
    const invoice = await issued('EUR', [
      { description: 'Support', quantity: 1, unitPriceMinor: 10_000, taxRateBasisPoints: 2_000 },
    ]);
    const first = (await download(invoice.id)).rawPayload;
    await context.as(people.billing).post(`/v1/staff/invoices/${invoice.id}/payments`, {
      amountMinor: 5_000,
      method: 'bank_transfer',
      reference: 'TRF-1',
      receivedOn: '2026-12-01',
    });
    const second = (await download(invoice.id)).rawPayload;
    const byStaff = (await download(invoice.id, people.billing)).rawPayload;
    expect(first.length).toBeGreaterThan(1_000);
    expect(second.equals(first)).toBe(true);
    expect(byStaff.equals(first)).toBe(true);
  });

  it("writes each currency's own decimals: none for yen", async () => {
    const invoice = await issued('JPY', [
      { description: 'Support in Japan', quantity: 3, unitPriceMinor: 33_333, taxRateBasisPoints: 1_000 },
    ]);
    const text = await textOf((await download(invoice.id)).rawPayload);
    expect(text).toContain('¥33,333');
    expect(text).toContain('Total ¥109,999');
    expect(text).not.toMatch(/¥[\d,]+\.\d/);
  });

  it('prints a symbol the standard fonts lack as the currency code, three decimals for dinars', async () => {
    const rupees = await issued('INR', [
      { description: 'Support', quantity: 1, unitPriceMinor: 123_456, taxRateBasisPoints: 0 },
    ]);
    expect(await textOf((await download(rupees.id)).rawPayload)).toContain('Total INR 1,234.56');
    const dinars = await issued('KWD', [
      { description: 'Support', quantity: 1, unitPriceMinor: 1_250, taxRateBasisPoints: 0 },
    ]);
    expect(await textOf((await download(dinars.id)).rawPayload)).toContain('Total KWD 1.250');
  });

  it('has no document for a draft, and none for those who may not read the invoice', async () => {
    const draft = Invoice.parse(
      (
        await context.as(people.billing).post('/v1/staff/invoices', {
          organizationId,
          currency: 'EUR',
          lines: [{ description: 'Draft', quantity: 1, unitPriceMinor: 1, taxRateBasisPoints: 0 }],
        })
      ).json(),
    );
    expect((await download(draft.id, people.billing)).statusCode).toBe(409);
    expect((await download(draft.id)).statusCode).toBe(404);
    const invoice = await issued('EUR', [
      { description: 'X', quantity: 1, unitPriceMinor: 1, taxRateBasisPoints: 0 },
    ]);
    expect((await download(invoice.id, people.technical)).statusCode).toBe(403);
    expect((await download(invoice.id, people.otherMain)).statusCode).toBe(404);
  });
});
