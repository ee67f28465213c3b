import { z } from 'zod';

/**
 * Money on the billing path (docs/decisions/028-money-in-minor-units.md): a safe integer count of the
 * currency's minor units beside an ISO 4217 code. No floating point touches an amount: products are
 * computed in bigint and rounded half-even, and an amount leaves as digits, never as a JavaScript
 * fraction.
 */

/** ISO 4217 minor units of the currencies invoices may use (JPY none, the dinars three). */
export const currencyMinorUnits = {
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  TND: 3,
  USD: 2,
  ZAR: 2,
} as const satisfies Record<string, 0 | 2 | 3>;

export type Currency = keyof typeof currencyMinorUnits;
export const currencies = Object.keys(currencyMinorUnits) as [Currency, ...Currency[]];
export const Currency = z.enum(currencies, {
  error: () => `Choose a supported currency (ISO 4217 code: ${currencies.join(', ')})`,
});

/** An amount in minor units: an integer JavaScript can hold exactly (below 2^53). */
export const MinorUnits = z
  .number()
  .int('Give an amount in whole minor units (cents, not euros)')
  .refine(Number.isSafeInteger, 'The amount is too large');

/** A tax rate in basis points: 2000 is 20 %, 810 is 8.1 %. */
export const TaxRateBasisPoints = z
  .number()
  .int('Give the tax rate in basis points (2000 for 20 %)')
  .min(0, 'A tax rate cannot be negative')
  .max(10_000, 'A tax rate above 100 % is not a tax rate');

/** How each line's tax is rounded; recorded on every invoice so its figures can be recomputed. */
export const taxRoundingRule = 'half_even_per_line' as const;

const toSafeNumber = (value: bigint, what: string): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} is too large to be held exactly`);
  }
  return Number(value);
};

/** numerator / denominator rounded to the nearest integer, ties to the even one (banker's rounding). */
export const divideHalfEven = (numerator: bigint, denominator: bigint): bigint => {
  if (denominator <= 0n) throw new RangeError('The denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twiceRemainder = (magnitude % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n))
    quotient += 1n;
  return negative ? -quotient : quotient;
};

/** A sum of amounts that refuses, rather than rounds, a total past what is held exactly. */
export const sumMinor = (amounts: Iterable<number>): number => {
  let total = 0n;
  for (const amount of amounts) total += BigInt(amount);
  return toSafeNumber(total, 'The total');
};

export interface InvoiceLineInput {
  quantity: number;
  unitPriceMinor: number;
  taxRateBasisPoints: number;
}

export interface LineAmounts {
  /** quantity × unit price, exactly. */
  netMinor: number;
  /** net × rate, rounded half-even to the minor unit, for this line alone. */
  taxMinor: number;
}

export const lineAmounts = ({
  quantity,
  unitPriceMinor,
  taxRateBasisPoints,
}: InvoiceLineInput): LineAmounts => {
  const net = BigInt(quantity) * BigInt(unitPriceMinor);
  return {
    netMinor: toSafeNumber(net, "The line's amount"),
    taxMinor: toSafeNumber(divideHalfEven(net * BigInt(taxRateBasisPoints), 10_000n), "The line's tax"),
  };
};

export interface TaxLine {
  rateBasisPoints: number;
  /** The nets of the lines taxed at this rate. */
  taxableBaseMinor: number;
  /** The sum of those lines' own rounded taxes (not the base × rate rounded once). */
  taxMinor: number;
}

export interface InvoiceTotals {
  lines: LineAmounts[];
  subtotalMinor: number;
  /** One per rate, lowest rate first. */
  taxLines: TaxLine[];
  taxMinor: number;
  totalMinor: number;
}

/** An invoice's figures from its lines: every total is a sum of the rounded line figures, so they reconcile. */
export const invoiceTotals = (lines: readonly InvoiceLineInput[]): InvoiceTotals => {
  const amounts = lines.map(lineAmounts);
  const byRate = new Map<number, { base: number[]; tax: number[] }>();
  lines.forEach((line, index) => {
    const amount = amounts[index] as LineAmounts;
    const group = byRate.get(line.taxRateBasisPoints) ?? { base: [], tax: [] };
    group.base.push(amount.netMinor);
    group.tax.push(amount.taxMinor);
    byRate.set(line.taxRateBasisPoints, group);
  });
  const taxLines = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBasisPoints, group]) => ({
      rateBasisPoints,
      taxableBaseMinor: sumMinor(group.base),
      taxMinor: sumMinor(group.tax),
    }));
  const subtotalMinor = sumMinor(amounts.map((amount) => amount.netMinor));
  const taxMinor = sumMinor(amounts.map((amount) => amount.taxMinor));
  return {
    lines: amounts,
    subtotalMinor,
    taxLines,
    taxMinor,
    totalMinor: sumMinor([subtotalMinor, taxMinor]),
  };
};

/** "1234.50", "-0.05", "1234" for JPY, "1.250" for KWD: the exact decimal, for CSV and for formatting. */
export const toDecimalString = (amountMinor: number, currency: Currency): string => {
  const exponent = currencyMinorUnits[currency];
  const digits = BigInt(amountMinor);
  const negative = digits < 0n;
  const magnitude = (negative ? -digits : digits).toString().padStart(exponent + 1, '0');
  const whole = magnitude.slice(0, magnitude.length - exponent);
  const fraction = magnitude.slice(magnitude.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
};

/**
 * What a person typed ("12.5", "1,234.50", "-3") in minor units; null when it is not an amount of that
 * currency, including one with more decimals than the currency has (never cut silently).
 */
export const parseDecimal = (text: string, currency: Currency): number | null => {
  const exponent = currencyMinorUnits[currency];
  const match = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) return null;
  const minor = BigInt(whole.replaceAll(',', '') + fraction.padEnd(exponent, '0'));
  const value = sign ? -minor : minor;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return null;
  return Number(value);
};

/** Formatters are costly to make and hold no state: one per locale, currency and display, kept. */
const formatters = new Map<string, Intl.NumberFormat>();

const formatterOf = (locale: string, currency: Currency, currencyDisplay: 'symbol' | 'code') => {
  const key = `${locale}:${currency}:${currencyDisplay}`;
  let format = formatters.get(key);
  if (!format) {
    const exponent = currencyMinorUnits[currency];
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formatters.set(key, format);
  }
  return format;
};

/** "€1,234.50", "¥1,235", "KWD 1.250": the currency's own digits, formatted from the exact decimal. */
export const formatMoney = (
  amountMinor: number,
  currency: Currency,
  locale = 'en',
  currencyDisplay: 'symbol' | 'code' = 'symbol',
): string =>
  // A numeric string is formatted as the exact decimal it spells (Intl.NumberFormat v3), never as a double.
  formatterOf(locale, currency, currencyDisplay).format(
    toDecimalString(amountMinor, currency) as unknown as number,
  );

/** What an issued invoice still asks for, and how it stands. */
export const paymentStatuses = ['unpaid', 'partially_paid', 'paid', 'uncollectible'] as const;
export const PaymentStatus = z.enum(paymentStatuses);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export interface InvoiceBalanceFacts {
  totalMinor: number;
  paidMinor: number;
  creditedMinor: number;
  uncollectible: boolean;
}

export const remainingDueMinor = ({ totalMinor, paidMinor, creditedMinor }: InvoiceBalanceFacts): number =>
  Math.max(0, sumMinor([totalMinor, -paidMinor, -creditedMinor]));

export const paymentStatusOf = (facts: InvoiceBalanceFacts): PaymentStatus => {
  if (remainingDueMinor(facts) === 0) return 'paid';
  if (facts.uncollectible) return 'uncollectible';
  return facts.paidMinor + facts.creditedMinor > 0 ? 'partially_paid' : 'unpaid';
};

const dayNumber = (isoDate: string): number => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`Not a calendar date: ${isoDate}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
};

/** Whole days from `dueDate` to `asOf` (both YYYY-MM-DD); zero or less while not yet due. */
export const daysPastDue = (dueDate: string, asOf: string): number => dayNumber(asOf) - dayNumber(dueDate);

/** Overdue is derived, never stored: something still due after the due date. */
export const isOverdue = (facts: InvoiceBalanceFacts & { dueDate: string }, asOf: string): boolean =>
  remainingDueMinor(facts) > 0 && !facts.uncollectible && daysPastDue(facts.dueDate, asOf) > 0;

export const agingBuckets = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export const AgingBucket = z.enum(agingBuckets);
export type AgingBucket = z.infer<typeof AgingBucket>;

export const agingBucketOf = (days: number): AgingBucket => {
  if (days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
};

/** What each open invoice still asks for, summed by how far past due it is on `asOf`. */
export const agingOf = (
  open: readonly { dueDate: string; remainingMinor: number }[],
  asOf: string,
): Record<AgingBucket, number> => {
  const amounts: Record<AgingBucket, number[]> = {
    current: [],
    '1-30': [],
    '31-60': [],
    '61-90': [],
    '90+': [],
  };
  for (const item of open) amounts[agingBucketOf(daysPastDue(item.dueDate, asOf))].push(item.remainingMinor);
  return {
    current: sumMinor(amounts.current),
    '1-30': sumMinor(amounts['1-30']),
    '31-60': sumMinor(amounts['31-60']),
    '61-90': sumMinor(amounts['61-90']),
    '90+': sumMinor(amounts['90+']),
  };
};

/** One movement of an account: an issued invoice is a debit; payments and credit notes credit it; a refund of credit is a debit. */
export const ledgerEntryKinds = ['invoice', 'payment', 'credit_note', 'refund'] as const;
export const LedgerEntryKind = z.enum(ledgerEntryKinds);
export type LedgerEntryKind = z.infer<typeof LedgerEntryKind>;

export interface LedgerEntry {
  kind: LedgerEntryKind;
  /** YYYY-MM-DD. */
  date: string;
  /** Positive: the amount of the document, whichever way it moves the balance. */
  amountMinor: number;
}

/** How an entry moves what the customer owes: up for invoices and refunds, down for payments and credits. */
export const signedAmount = (entry: LedgerEntry): number =>
  entry.kind === 'invoice' || entry.kind === 'refund' ? entry.amountMinor : -entry.amountMinor;

export interface LedgerStatementRow<Entry extends LedgerEntry> {
  entry: Entry;
  debitMinor: number;
  creditMinor: number;
  balanceMinor: number;
}

export interface StatementFigures<Entry extends LedgerEntry> {
  openingMinor: number;
  rows: LedgerStatementRow<Entry>[];
  closingMinor: number;
}

/**
 * A statement of one currency for the period [from, to]: the balance of everything before `from`, the
 * period's entries in the order given (callers order them by date, then by when they were recorded) with
 * the running balance, and the closing balance. Entries after `to` are left out.
 */
export const statementOf = <Entry extends LedgerEntry>(
  entries: readonly Entry[],
  period: { from: string; to: string },
): StatementFigures<Entry> => {
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  if (to < from) throw new RangeError('The period ends before it starts');
  let balance = 0n;
  for (const entry of entries) if (dayNumber(entry.date) < from) balance += BigInt(signedAmount(entry));
  const openingMinor = toSafeNumber(balance, 'The opening balance');
  const rows: LedgerStatementRow<Entry>[] = [];
  for (const entry of entries) {
    const day = dayNumber(entry.date);
    if (day < from || day > to) continue;
    const signed = signedAmount(entry);
    balance += BigInt(signed);
    rows.push({
      entry,
      debitMinor: Math.max(signed, 0),
      creditMinor: Math.max(-signed, 0),
      balanceMinor: toSafeNumber(balance, 'The running balance'),
    });
  }
  return { openingMinor, rows, closingMinor: toSafeNumber(balance, 'The closing balance') };
};

/** An invoice document's life, kept apart from how it is paid: a draft is issued, an issued one may be voided. */
export const invoiceDocumentStatuses = ['draft', 'issued', 'void'] as const;
export const InvoiceDocumentStatus = z.enum(invoiceDocumentStatuses);
export type InvoiceDocumentStatus = z.infer<typeof InvoiceDocumentStatus>;

/** Payments are recorded by staff, offline. */
export const paymentMethods = ['bank_transfer', 'purchase_order', 'card', 'other'] as const;
export const PaymentMethod = z.enum(paymentMethods);
export type PaymentMethod = z.infer<typeof PaymentMethod>;
