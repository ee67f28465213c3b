import { z } from 'zod';
import { type ContactRole, namedSupportAccountsByTier, type SubscriptionTier } from './enums';

/**
 * The one definition of named Support Portal accounts ("seats") in use, read by every API answer
 * and page that shows seat use (docs/decisions/024-one-definition-of-seats-in-use.md).
 */
export const SeatUse = z.object({
  /** Named accounts the organization's best active tier includes (the main contact holds the first). */
  included: z.number().int().min(0),
  /** Seats staff granted beyond the tier by approving a request, still held by the person added. */
  additional: z.number().int().min(0),
  /** Current contacts holding a seat: the main contact and every technical contact, invited or signed in. */
  inUse: z.number().int().min(0),
  /** Seats the main contact may still fill without asking staff. */
  available: z.number().int().min(0),
});
export type SeatUse = z.infer<typeof SeatUse>;

/** What decides whether a contact holds a seat. */
export interface SeatHolderFacts {
  roles: readonly ContactRole[];
  /** False once removed (deactivated): their roles ended with their access. */
  active: boolean;
  /** Added by a technical contact request staff approved. */
  addedByApprovedRequest: boolean;
}

/**
 * A seat is held by a current, active contact with the main or the technical role; one person holds
 * one seat whatever their roles. A pending invitation holds its seat (the person was added and can
 * sign in as soon as they set a password); a pending contact request holds none (nobody was added).
 */
export const holdsSupportSeat = (contact: SeatHolderFacts): boolean =>
  contact.active && (contact.roles.includes('main') || contact.roles.includes('technical'));

/** The technical seats a tier includes; no active subscription includes none. */
export const technicalSeatsIncluded = (tier: SubscriptionTier | null): number =>
  tier ? namedSupportAccountsByTier[tier] : 0;

/**
 * Seats of an organization from its current contacts. Holders added by an approved request are
 * "additional" only as far as the tier's own seats are full: while the tier has room they sit in it.
 * So an approval never leaves a free seat behind, and a seat granted beyond the tier ends with its holder.
 */
export const seatUse = (tier: SubscriptionTier | null, contacts: readonly SeatHolderFacts[]): SeatUse => {
  const holders = contacts.filter(holdsSupportSeat);
  const included = technicalSeatsIncluded(tier);
  const inUse = holders.length;
  const approved = holders.filter((holder) => holder.addedByApprovedRequest).length;
  const additional = Math.min(approved, Math.max(0, inUse - included));
  return { included, additional, inUse, available: Math.max(0, included - inUse) };
};

/** Whether a request for another technical contact goes beyond what the organization may fill itself. */
export const needsAdditionalSeat = (seats: SeatUse): boolean => seats.available === 0;

/** "2 of 2 named support accounts in use (1 more approved by staff)": the same words in every portal. */
export const describeSeatUse = (seats: SeatUse): string => {
  const allowance = seats.included + seats.additional;
  const extra = seats.additional > 0 ? `, ${seats.additional} of them approved beyond the tier` : '';
  return `${seats.inUse} of ${allowance} named support account${allowance === 1 ? '' : 's'} in use${extra}`;
};
