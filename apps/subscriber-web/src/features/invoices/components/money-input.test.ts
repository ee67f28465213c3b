import { describe, expect, it } from 'vitest';
import {
  amountProblem,
  formatTaxRate,
  parseQuantity,
  parseTaxRatePercent,
  taxRatePercentText,
} from './money-input';

describe('tax rates typed in percent', () => {
  it('are read as text into exact basis points', () => {
    expect(parseTaxRatePercent('8.1')).toBe(810);
    expect(parseTaxRatePercent('20')).toBe(2_000);
    expect(parseTaxRatePercent(' 7.75 % ')).toBe(775);
    expect(parseTaxRatePercent('0')).toBe(0);
    expect(parseTaxRatePercent('100')).toBe(10_000);
    // 0.1 + 0.2 would not be 0.3 in floating point; here it is digits.
    expect(parseTaxRatePercent('0.3')).toBe(30);
  });

  it('refuse more than two decimals, more than 100 % and anything not a number', () => {
    for (const text of ['8.125', '100.01', '101', '-1', '', 'eight', '8,1', '1e1', '.5']) {
      expect(parseTaxRatePercent(text)).toBeNull();
    }
  });

  it('are shown with their own digits', () => {
    expect(formatTaxRate(810)).toBe('8.1 %');
    expect(formatTaxRate(2_000)).toBe('20 %');
    expect(formatTaxRate(775)).toBe('7.75 %');
    expect(formatTaxRate(5)).toBe('0.05 %');
    expect(formatTaxRate(0)).toBe('0 %');
    expect(formatTaxRate(10_000)).toBe('100 %');
  });

  it('are put back in a field as typed, and read back to the same basis points', () => {
    for (const [basisPoints, text] of [
      [810, '8.1'],
      [2_000, '20'],
      [775, '7.75'],
      [5, '0.05'],
      [0, '0'],
      [10_000, '100'],
    ] as const) {
      expect(taxRatePercentText(basisPoints)).toBe(text);
      expect(parseTaxRatePercent(text)).toBe(basisPoints);
    }
  });
});

describe('what is wrong with an amount', () => {
  it('names the decimals the currency has', () => {
    expect(amountProblem('12.345', 'EUR')).toBe('EUR amounts have at most 2 decimals: 12.345 has 3.');
    expect(amountProblem('12.5', 'JPY')).toBe('JPY amounts are whole numbers, without decimals: 12.5 has 1.');
    expect(amountProblem('1.2345', 'KWD')).toBe('KWD amounts have at most 3 decimals: 1.2345 has 4.');
    expect(amountProblem('', 'EUR')).toBe('Give the amount.');
    expect(amountProblem('12,5', 'EUR')).toBe('Give an amount in EUR such as 12.50.');
    expect(amountProblem('abc', 'JPY')).toBe('Give an amount in JPY such as 1250.');
  });
});

describe('quantities', () => {
  it('are whole numbers from 1 to the maximum', () => {
    expect(parseQuantity('12', 1_000_000)).toBe(12);
    expect(parseQuantity('0', 1_000_000)).toBeNull();
    expect(parseQuantity('1.5', 1_000_000)).toBeNull();
    expect(parseQuantity('1000001', 1_000_000)).toBeNull();
  });
});
