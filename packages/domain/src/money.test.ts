import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agingBuckets,
  agingOf,
  type Currency,
  currencyMinorUnits,
  divideHalfEven,
  formatMoney,
  invoiceTotals,
  isOverdue,
  type LedgerEntry,
  lineAmounts,
  parseDecimal,
  paymentStatusOf,
  remainingDueMinor,
  signedAmount,
  statementOf,
  sumMinor,
  toDecimalString,
} from './money';

/** One currency of each kind of minor unit: none, two and three decimals. */
const currencyArbitrary = fc.constantFrom<Currency>('JPY', 'EUR', 'KWD', 'USD', 'BHD', 'ISK');

const lineArbitrary = fc.record({
  quantity: fc.integer({ min: 1, max: 10_000 }),
  unitPriceMinor: fc.integer({ min: -1_000_000, max: 100_000_000 }),
  taxRateBasisPoints: fc.constantFrom(0, 550, 700, 810, 1_000, 1_900, 2_000, 2_100, 2_500),
});

const isoDate = fc
  .integer({ min: 0, max: 3 * 365 })
  .map((day) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10));

const ledgerEntryArbitrary: fc.Arbitrary<LedgerEntry> = fc.record({
  kind: fc.constantFrom<LedgerEntry['kind']>('invoice', 'payment', 'credit_note', 'refund'),
  date: isoDate,
  amountMinor: fc.integer({ min: 1, max: 50_000_000 }),
});

describe('rounding half to even', () => {
  it('rounds ties to the even neighbour, both signs, and everything else to the nearest', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n); // 2.5
    expect(divideHalfEven(7n, 2n)).toBe(4n); // 3.5
    expect(divideHalfEven(-5n, 2n)).toBe(-2n);
    expect(divideHalfEven(-7n, 2n)).toBe(-4n);
    expect(divideHalfEven(1_249n, 100n)).toBe(12n);
    expect(divideHalfEven(1_251n, 100n)).toBe(13n);
    expect(divideHalfEven(0n, 3n)).toBe(0n);
  });

  it('never lands more than half a unit from the exact quotient', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          const q = divideHalfEven(n, d);
          const twiceError = (q * d - n) * 2n;
          expect(twiceError <= d && twiceError >= -d).toBe(true);
        },
      ),
    );
  });
});

describe('an invoice from its lines', () => {
  it('taxes each line on its own, rounded half-even, and sums per rate', () => {
    // 3 × 0.05 at 10 %: 0.015 → 0.02 (2 is even); 1 × 0.25 at 10 %: 0.025 → 0.02; 1 × 0.35 at 20 %: 0.07.
    const totals = invoiceTotals([
      { quantity: 3, unitPriceMinor: 5, taxRateBasisPoints: 1_000 },
      { quantity: 1, unitPriceMinor: 25, taxRateBasisPoints: 1_000 },
      { quantity: 1, unitPriceMinor: 35, taxRateBasisPoints: 2_000 },
    ]);
    expect(totals.lines.map((line) => line.taxMinor)).toEqual([2, 2, 7]);
    expect(totals.taxLines).toEqual([
      { rateBasisPoints: 1_000, taxableBaseMinor: 40, taxMinor: 4 },
      { rateBasisPoints: 2_000, taxableBaseMinor: 35, taxMinor: 7 },
    ]);
    expect(totals).toMatchObject({ subtotalMinor: 75, taxMinor: 11, totalMinor: 86 });
  });

  it('reconciles for any lines in any currency: lines + tax = total, tax lines sum to the tax', () => {
    fc.assert(
      fc.property(
        currencyArbitrary,
        fc.array(lineArbitrary, { minLength: 0, maxLength: 40 }),
        (currency, lines) => {
          const totals = invoiceTotals(lines);
          expect(totals.subtotalMinor + totals.taxMinor).toBe(totals.totalMinor);
          expect(sumMinor(totals.lines.map((line) => line.netMinor))).toBe(totals.subtotalMinor);
          expect(sumMinor(totals.taxLines.map((line) => line.taxMinor))).toBe(totals.taxMinor);
          expect(sumMinor(totals.taxLines.map((line) => line.taxableBaseMinor))).toBe(totals.subtotalMinor);
          for (const value of [totals.subtotalMinor, totals.taxMinor, totals.totalMinor]) {
            expect(Number.isSafeInteger(value)).toBe(true);
            // The amount survives the trip to the currency's decimal text and back, exactly.
            expect(parseDecimal(toDecimalString(value, currency), currency)).toBe(value);
          }
        },
      ),
    );
  });

  it('refuses a line too large to hold exactly rather than rounding it', () => {
    expect(() =>
      lineAmounts({ quantity: 1_000_000_000, unitPriceMinor: 100_000_000_000, taxRateBasisPoints: 0 }),
    ).toThrow(/too large/);
  });
});

describe('amounts as text', () => {
  it("writes each currency's own number of decimals", () => {
    expect(toDecimalString(123_450, 'EUR')).toBe('1234.50');
    expect(toDecimalString(-5, 'EUR')).toBe('-0.05');
    expect(toDecimalString(1_235, 'JPY')).toBe('1235');
    expect(toDecimalString(1_250, 'KWD')).toBe('1.250');
    expect(formatMoney(123_450, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(1_235, 'JPY')).toBe('¥1,235');
    expect(formatMoney(1_250, 'KWD')).toBe('KWD\u00a01.250');
    // Past 2^53 cents as a double would not be exact; the text is.
    expect(formatMoney(9_007_199_254_740_991, 'USD')).toBe('$90,071,992,547,409.91');
  });

  it('reads what a person types, refusing more decimals than the currency has instead of cutting them', () => {
    expect(parseDecimal('12.5', 'EUR')).toBe(1_250);
    expect(parseDecimal('1,234.50', 'EUR')).toBe(123_450);
    expect(parseDecimal('-3', 'EUR')).toBe(-300);
    expect(parseDecimal('1235', 'JPY')).toBe(1_235);
    expect(parseDecimal('12.5', 'JPY')).toBeNull();
    expect(parseDecimal('0.001', 'EUR')).toBeNull();
    expect(parseDecimal('0.001', 'KWD')).toBe(1);
    expect(parseDecimal('1e3', 'EUR')).toBeNull();
    expect(parseDecimal('12,34', 'EUR')).toBeNull();
    expect(parseDecimal('99999999999999999', 'EUR')).toBeNull();
  });

  it('knows the minor units of the currencies that are not two-decimal', () => {
    expect(currencyMinorUnits.JPY).toBe(0);
    expect(currencyMinorUnits.KWD).toBe(3);
    expect(currencyMinorUnits.BHD).toBe(3);
  });
});

describe('what an invoice still asks for', () => {
  const facts = { totalMinor: 10_000, paidMinor: 0, creditedMinor: 0, uncollectible: false };

  it('moves from unpaid to partially paid to paid as payments and credits arrive', () => {
    expect(paymentStatusOf(facts)).toBe('unpaid');
    expect(paymentStatusOf({ ...facts, paidMinor: 4_000 })).toBe('partially_paid');
    expect(remainingDueMinor({ ...facts, paidMinor: 4_000, creditedMinor: 1_000 })).toBe(5_000);
    expect(paymentStatusOf({ ...facts, paidMinor: 9_000, creditedMinor: 1_000 })).toBe('paid');
    expect(paymentStatusOf({ ...facts, paidMinor: 1, uncollectible: true })).toBe('uncollectible');
  });

  it('is overdue only after the due date and while something remains', () => {
    const due = { ...facts, dueDate: '2026-03-31' };
    expect(isOverdue(due, '2026-03-31')).toBe(false);
    expect(isOverdue(due, '2026-04-01')).toBe(true);
    expect(isOverdue({ ...due, paidMinor: 10_000 }, '2026-06-01')).toBe(false);
  });

  it('ages what remains into the five buckets by days past due', () => {
    const aging = agingOf(
      [
        { dueDate: '2026-06-30', remainingMinor: 100 }, // not yet due
        { dueDate: '2026-06-01', remainingMinor: 200 }, // 29 days
        { dueDate: '2026-05-31', remainingMinor: 300 }, // 30 days
        { dueDate: '2026-05-01', remainingMinor: 400 }, // 60 days
        { dueDate: '2026-04-01', remainingMinor: 500 }, // 90 days
        { dueDate: '2026-03-31', remainingMinor: 600 }, // 91 days
      ],
      '2026-06-30',
    );
    expect(aging).toEqual({ current: 100, '1-30': 500, '31-60': 400, '61-90': 500, '90+': 600 });
  });
});

describe('an account statement', () => {
  it('carries the opening balance, runs the balance row by row and closes on it', () => {
    const entries: LedgerEntry[] = [
      { kind: 'invoice', date: '2026-01-15', amountMinor: 10_000 },
      { kind: 'payment', date: '2026-02-03', amountMinor: 4_000 },
      { kind: 'invoice', date: '2026-02-10', amountMinor: 2_500 },
      { kind: 'credit_note', date: '2026-02-20', amountMinor: 500 },
      { kind: 'refund', date: '2026-03-02', amountMinor: 100 },
    ];
    const statement = statementOf(entries, { from: '2026-02-01', to: '2026-02-28' });
    expect(statement.openingMinor).toBe(10_000);
    expect(statement.rows.map((row) => [row.debitMinor, row.creditMinor, row.balanceMinor])).toEqual([
      [0, 4_000, 6_000],
      [2_500, 0, 8_500],
      [0, 500, 8_000],
    ]);
    expect(statement.closingMinor).toBe(8_000);
  });

  it('closes on opening + rows for any entries and any period, every currency alike', () => {
    fc.assert(
      fc.property(fc.array(ledgerEntryArbitrary, { maxLength: 60 }), isoDate, isoDate, (entries, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const statement = statementOf(entries, { from, to });
        const moved = sumMinor(statement.rows.map((row) => row.debitMinor - row.creditMinor));
        expect(statement.closingMinor).toBe(statement.openingMinor + moved);
        expect(statement.rows.at(-1)?.balanceMinor ?? statement.openingMinor).toBe(statement.closingMinor);
        const throughTo = entries.filter((entry) => entry.date <= to);
        expect(statement.closingMinor).toBe(sumMinor(throughTo.map(signedAmount)));
      }),
    );
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => statementOf([], { from: '2026-02-01', to: '2026-01-31' })).toThrow(/ends before/);
  });

  it('has five aging buckets in order', () => {
    expect(agingBuckets).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
  });
});
