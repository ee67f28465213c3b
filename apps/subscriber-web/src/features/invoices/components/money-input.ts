import { type Currency, currencyMinorUnits } from '@portals/domain';

/**
 * What staff type for money, read exactly: amounts through the domain's `parseDecimal`, tax rates as
 * text into basis points. No floating point: digits are only ever joined and counted.
 */

/** An amount of `currency` as staff would type it: "12.50", "1250" for JPY, "12.500" for KWD. */
export const amountExample = (currency: Currency): string => {
  const exponent = currencyMinorUnits[currency];
  return exponent === 0 ? '1250' : `12.5${'0'.repeat(exponent - 1)}`;
};

/** How many decimals an amount of `currency` may have, in words. */
export const decimalsOf = (currency: Currency): string => {
  const exponent = currencyMinorUnits[currency];
  return exponent === 0 ? 'no decimals' : `at most ${exponent} decimals`;
};

/**
 * Why `text` is not an amount of `currency` (parseDecimal gave null), in the person's words: more
 * decimals than the currency has is said so, never cut.
 */
export const amountProblem = (text: string, currency: Currency): string => {
  const typed = text.trim();
  if (typed === '') return 'Give the amount.';
  const exponent = currencyMinorUnits[currency];
  const fraction = /^-?[\d,]+\.(\d+)$/.exec(typed)?.[1];
  if (fraction !== undefined && fraction.length > exponent) {
    return exponent === 0
      ? `${currency} amounts are whole numbers, without decimals: ${typed} has ${fraction.length}.`
      : `${currency} amounts have at most ${exponent} decimals: ${typed} has ${fraction.length}.`;
  }
  return `Give an amount in ${currency} such as ${amountExample(currency)}.`;
};

const taxRatePattern = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/**
 * A tax rate typed in percent ("20", "8.1", "7.75", "8.1 %") in basis points (2000, 810, 775), read as
 * text so that 8.1 % is exactly 810; null for anything else, including more than two decimals or more
 * than 100 %.
 */
export const parseTaxRatePercent = (text: string): number | null => {
  const match = taxRatePattern.exec(text.trim().replace(/\s*%$/, ''));
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  const basisPoints = Number(whole + fraction.padEnd(2, '0'));
  return basisPoints <= 10_000 ? basisPoints : null;
};

export const taxRateProblem = (text: string): string =>
  text.trim() === ''
    ? 'Give the tax rate in %: 0 when there is none.'
    : 'Give the tax rate in % from 0 to 100, with at most two decimals: 20, 8.1 or 7.75.';

/** 810 basis points as "8.1 %", 2000 as "20 %": the digits as they are, no rounding. */
export const formatTaxRate = (basisPoints: number): string => {
  const digits = String(basisPoints).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(-2).replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} %`;
};

/** A quantity as typed: a whole number from 1 to `max`; null otherwise. */
export const parseQuantity = (text: string, max: number): number | null => {
  const typed = text.trim();
  if (!/^\d{1,7}$/.test(typed)) return null;
  const quantity = Number(typed);
  return quantity >= 1 && quantity <= max ? quantity : null;
};

/** 810 basis points as staff type them in a tax rate field: "8.1"; 2000 as "20". */
export const taxRatePercentText = (basisPoints: number): string =>
  formatTaxRate(basisPoints).replace(/ %$/, '');
