import { describe, expect, it } from 'vitest';
import {
  describeSeatUse,
  holdsSupportSeat,
  needsAdditionalSeat,
  type SeatHolderFacts,
  seatUse,
} from './seats';

const contact = (
  roles: SeatHolderFacts['roles'],
  facts: Partial<Omit<SeatHolderFacts, 'roles'>> = {},
): SeatHolderFacts => ({ roles, active: true, addedByApprovedRequest: false, ...facts });

describe('seats in use: the one definition', () => {
  it('counts the main contact and every active technical contact, one seat per person', () => {
    expect(holdsSupportSeat(contact(['main']))).toBe(true);
    expect(holdsSupportSeat(contact(['technical']))).toBe(true);
    expect(holdsSupportSeat(contact(['main', 'technical']))).toBe(true);
    expect(seatUse('premium', [contact(['main', 'technical']), contact(['technical'])]).inUse).toBe(2);
  });

  it('does not count the administrative contact, a deactivated contact, or one left without a role', () => {
    expect(holdsSupportSeat(contact(['administrative']))).toBe(false);
    expect(holdsSupportSeat(contact(['technical'], { active: false }))).toBe(false);
    expect(holdsSupportSeat(contact([]))).toBe(false);
  });

  it('counts a pending invitation (an added contact who has not signed in yet): it holds its seat', () => {
    // An invited contact is a current, active contact: nothing tells them apart here, on purpose.
    expect(seatUse('premium', [contact(['main']), contact(['technical'])])).toMatchObject({
      inUse: 2,
      available: 0,
    });
  });

  it("leaves the tier's free seats available, and none once they are all in use", () => {
    expect(seatUse('premium', [contact(['main'])])).toEqual({
      included: 2,
      additional: 0,
      inUse: 1,
      available: 1,
    });
    expect(needsAdditionalSeat(seatUse('premium', [contact(['main'])]))).toBe(false);
    const full = seatUse('basic', [contact(['main'])]);
    expect(full).toEqual({ included: 1, additional: 0, inUse: 1, available: 0 });
    expect(needsAdditionalSeat(full)).toBe(true);
  });

  it('shows a seat staff approved beyond the tier as additional, so the allowance holds every seat in use', () => {
    const acme = seatUse('premium', [
      contact(['main']),
      contact(['administrative']),
      contact(['technical']),
      contact(['technical'], { addedByApprovedRequest: true }),
    ]);
    expect(acme).toEqual({ included: 2, additional: 1, inUse: 3, available: 0 });
    expect(describeSeatUse(acme)).toBe(
      '3 of 3 named support accounts in use, 1 of them approved beyond the tier',
    );
  });

  it('fills the tier first with a contact added by approval: no approval leaves a free seat behind', () => {
    // Approved while a seat was free, or another technical contact left since: it sits in the tier.
    expect(
      seatUse('premium', [contact(['main']), contact(['technical'], { addedByApprovedRequest: true })]),
    ).toEqual({
      included: 2,
      additional: 0,
      inUse: 2,
      available: 0,
    });
  });

  it('includes no seat without an active subscription', () => {
    expect(seatUse(null, [contact(['main'])])).toEqual({
      included: 0,
      additional: 0,
      inUse: 1,
      available: 0,
    });
  });
});
