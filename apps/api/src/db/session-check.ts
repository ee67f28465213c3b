import type { Actor } from '@portals/domain';
import type pg from 'pg';
import { AppError } from '../lib/app-error';

/**
 * A request's session check (the user is still active, and no sign-out everywhere, password or role
 * change raised the session version since the token) made in the round trip that opens the request's
 * first scoped transaction, rather than in a query and a pool checkout of its own. Only for reads that
 * opt in (`config.deferredSessionCheck`); the access plugin still confirms it before any answer leaves.
 */
export interface SessionCheck {
  readonly userId: string;
  readonly sessionVersion: number;
  outcome: 'pending' | 'valid' | 'ended';
}

export const sessionEndedDetail = 'Your session has ended: sign in again';

const checkOfActor = new WeakMap<Actor, SessionCheck>();

/** Makes `actor`'s scopes carry the check, so `withScope` does it with its opening statement. */
export const deferSessionCheck = (actor: Actor, check: SessionCheck): void => {
  checkOfActor.set(actor, check);
};

export const sessionCheckOf = (actor: Actor): SessionCheck | undefined => checkOfActor.get(actor);

/**
 * The check as a statement run as the database owner, before the transaction switches to the app role:
 * a row when the session is still valid. Literals, as in the rest of the multi-statement opening.
 */
export const sessionCheckStatement = (check: SessionCheck, literal: (value: string) => string): string =>
  `select 1 from users where id = ${literal(check.userId)} and active ` +
  `and session_version = ${literal(String(check.sessionVersion))}::integer; `;

/**
 * Reads the check's answer from an opening that included it (its second result: `begin` is the first),
 * and throws when the session has ended, found now or by an earlier transaction of the request.
 */
export const settleSessionCheck = (
  check: SessionCheck,
  opening: pg.QueryResult | pg.QueryResult[] | undefined,
): void => {
  if (opening !== undefined && check.outcome === 'pending') {
    const answer = Array.isArray(opening) ? opening[1] : undefined;
    if (!answer) throw new Error('The scoped transaction opened without the session check');
    check.outcome = answer.rowCount === 1 ? 'valid' : 'ended';
  }
  if (check.outcome === 'ended') throw new AppError('unauthenticated', sessionEndedDetail);
};
