import { describe, expect, it } from 'vitest';
import {
  priceLists,
  prorateMinor,
  prorationRoundingRule,
  termRemaining,
  yearlyDifferenceMinor,
} from './subscription-prices';

describe('pro-ration of a change to a subscription', () => {
  it('is declared half-even', () => {
    expect(prorationRoundingRule).toBe('half_even');
  });

  it('takes the share of the year left, exactly when it divides', () => {
    // 4 premium servers at EUR 1,200.00 a year, 73 of 365 days left: 480,000 × 73 / 365 = 96,000.
    expect(prorateMinor(480_000, 73, 365)).toBe(96_000);
  });

  it('rounds a tie to the even minor unit, and other remainders to the nearest', () => {
    // 1 × 5 / 2 = 2.5 → 2; 3 × 1 / 2 = 1.5 → 2; 100 × 1 / 3 = 33.33 → 33; 200 × 1 / 3 = 66.67 → 67.
    expect(prorateMinor(5, 1, 2)).toBe(2);
    expect(prorateMinor(3, 1, 2)).toBe(2);
    expect(prorateMinor(100, 1, 3)).toBe(33);
    expect(prorateMinor(200, 1, 3)).toBe(67);
    // EUR 500.00 a year for 100 of 366 days: 5,000,000 / 366 = 13,661.20… → 13,661.
    expect(prorateMinor(50_000, 100, 366)).toBe(13_661);
    // Negative differences (a lower tier) round the same way: -2.5 → -2.
    expect(prorateMinor(-5, 1, 2)).toBe(-2);
  });

  it('refuses days outside the term and amounts past what is held exactly', () => {
    expect(() => prorateMinor(100, 366, 365)).toThrow(RangeError);
    expect(() => prorateMinor(100, 1, 0)).toThrow(RangeError);
    expect(() => prorateMinor(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(RangeError);
  });

  it('counts the days left from today, or from the start of a term not yet begun', () => {
    expect(termRemaining({ termStart: '2027-01-01', termEnd: '2028-01-01' }, '2027-10-20')).toEqual({
      daysLeft: 73,
      daysInTerm: 365,
    });
    expect(termRemaining({ termStart: '2027-01-01', termEnd: '2028-01-01' }, '2026-12-01')).toEqual({
      daysLeft: 365,
      daysInTerm: 365,
    });
    expect(termRemaining({ termStart: '2027-01-01', termEnd: '2028-01-01' }, '2028-02-01').daysLeft).toBe(0);
  });

  it('prices servers at the tier, a service flat, a tier change by the servers held', () => {
    const eur = priceLists.EUR;
    if (!eur) throw new Error('no EUR prices');
    const subscription = { tier: 'advanced' as const, servers: 3 };
    expect(yearlyDifferenceMinor(eur, subscription, { kind: 'additional_servers', servers: 4 })).toBe(
      240_000,
    );
    expect(yearlyDifferenceMinor(eur, subscription, { kind: 'additional_service' })).toBe(50_000);
    expect(yearlyDifferenceMinor(eur, subscription, { kind: 'tier_change', tier: 'premium' })).toBe(180_000);
    expect(yearlyDifferenceMinor(eur, subscription, { kind: 'tier_change', tier: 'basic' })).toBe(-90_000);
  });
});
