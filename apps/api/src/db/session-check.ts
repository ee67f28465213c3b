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
 * a row when the session is still valid. Prepared once per connection (scope.ts).
 */
export const sessionCheckStatement =
  'select 1 from users where id = $1 and active and session_version = $2::integer';

export const sessionCheckValues = (check: SessionCheck): string[] => [
  check.userId,
  String(check.sessionVersion),
];

/**
 * Reads the check's answer (its own result, when the opening included it), and throws when the session
 * has ended, found now or by an earlier transaction of the request.
 */
export const settleSessionCheck = (check: SessionCheck, answer: pg.QueryResult | undefined): void => {
  if (answer !== undefined && check.outcome === 'pending') {
    check.outcome = answer.rowCount === 1 ? 'valid' : 'ended';
  }
  if (check.outcome === 'ended') throw new AppError('unauthenticated', sessionEndedDetail);
};
