import type { SubscriptionTier } from './enums';
import { type Currency, divideHalfEven } from './money';

/**
 * The vendor's list prices for what a change notification adds (docs/decisions/036-price-list-and-
 * pro-ration.md): yearly, in the currency's minor units, per server at each tier and per additional
 * service of the catalogue. A subscription in a currency not listed here cannot be changed by a
 * notification (staff change it and invoice by hand).
 */
export interface PriceList {
  /** One server for a year, at each tier. */
  serverPerYear: Record<SubscriptionTier, number>;
  /** One additional service (a product of the catalogue) for a year. */
  servicePerYear: number;
  /** The tax rate the draft's line starts with; billing staff adjust the draft before issuing it. */
  taxRateBasisPoints: number;
}

export const priceLists: Partial<Record<Currency, PriceList>> = {
  EUR: {
    serverPerYear: { basic: 30_000, advanced: 60_000, premium: 120_000 },
    servicePerYear: 50_000,
    taxRateBasisPoints: 2_000,
  },
  USD: {
    serverPerYear: { basic: 33_000, advanced: 66_000, premium: 132_000 },
    servicePerYear: 55_000,
    taxRateBasisPoints: 0,
  },
  GBP: {
    serverPerYear: { basic: 26_000, advanced: 52_000, premium: 104_000 },
    servicePerYear: 43_000,
    taxRateBasisPoints: 2_000,
  },
  JPY: {
    serverPerYear: { basic: 48_000, advanced: 96_000, premium: 192_000 },
    servicePerYear: 80_000,
    taxRateBasisPoints: 1_000,
  },
  KWD: {
    serverPerYear: { basic: 92_000, advanced: 184_000, premium: 368_000 },
    servicePerYear: 153_000,
    taxRateBasisPoints: 0,
  },
};

const dayNumber = (isoDate: string): number => Math.round(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);

/** What remains of a term [termStart, termEnd) on `today`: the days left and the days of the term. */
export const termRemaining = (
  term: { termStart: string; termEnd: string },
  today: string,
): { daysLeft: number; daysInTerm: number } => {
  const daysInTerm = dayNumber(term.termEnd) - dayNumber(term.termStart);
  const from = Math.max(dayNumber(today), dayNumber(term.termStart));
  return { daysLeft: Math.max(0, dayNumber(term.termEnd) - from), daysInTerm };
};

/** The pro-ration's rounding: to the nearest minor unit, ties to the even one. */
export const prorationRoundingRule = 'half_even' as const;

/**
 * A yearly amount for `daysLeft` of a term of `daysInTerm` days: yearlyMinor × daysLeft / daysInTerm,
 * computed exactly in bigint and rounded once, half to even. Negative amounts (a lower tier) round the
 * same way.
 */
export const prorateMinor = (yearlyMinor: number, daysLeft: number, daysInTerm: number): number => {
  if (!Number.isSafeInteger(yearlyMinor) || !Number.isInteger(daysLeft) || !Number.isInteger(daysInTerm)) {
    throw new RangeError('Pro-ration takes whole minor units and whole days');
  }
  if (daysInTerm <= 0 || daysLeft < 0 || daysLeft > daysInTerm) {
    throw new RangeError('The days left must lie within the term');
  }
  const result = divideHalfEven(BigInt(yearlyMinor) * BigInt(daysLeft), BigInt(daysInTerm));
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('The amount is too large to be held exactly');
  }
  return Number(result);
};

export type PricedChange =
  | { kind: 'additional_servers'; servers: number }
  | { kind: 'additional_service' }
  | { kind: 'tier_change'; tier: SubscriptionTier };

/** The yearly difference a change makes to a subscription, by the price list (negative: it costs less). */
export const yearlyDifferenceMinor = (
  prices: PriceList,
  subscription: { tier: SubscriptionTier; servers: number },
  change: PricedChange,
): number => {
  switch (change.kind) {
    case 'additional_servers':
      return change.servers * prices.serverPerYear[subscription.tier];
    case 'additional_service':
      return prices.servicePerYear;
    case 'tier_change':
      return (
        subscription.servers * (prices.serverPerYear[change.tier] - prices.serverPerYear[subscription.tier])
      );
  }
};
