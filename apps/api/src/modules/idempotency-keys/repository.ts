import { sql } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema/index';
import type { AnyExecutor, PrivilegedExecutor } from '../../db/scope';

/** Deletes up to `batchSize` keys stored before `cutOff`, oldest first; answers how many went. */
export const deleteIdempotencyKeysBefore = async (
  executor: PrivilegedExecutor,
  cutOff: Date,
  batchSize: number,
): Promise<number> => {
  const result = await executor.execute(sql`
    delete from ${idempotencyKeys}
    where id in (
      select id from ${idempotencyKeys}
      where created_at < ${cutOff.toISOString()}::timestamptz
      order by created_at
      limit ${batchSize}
      for update skip locked
    )`);
  return result.rowCount ?? 0;
};

/** How long a `running` claim holds its key: after that its request is taken for dead (decision 039). */
export const idempotencyClaimLeaseSeconds = 120;

export type IdempotencyClaimResult =
  | { claimed: true; id: number; attempt: string }
  | {
      claimed: false;
      state: 'running' | 'completed';
      requestHash: string;
      responseStatus: number | null;
      responseBody: unknown;
    };

interface ClaimRow extends Record<string, unknown> {
  id: string | number;
  claimed: boolean;
  attempt: string;
  state: 'running' | 'completed';
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

/**
 * Claims a key as `running` in one statement of its own (committed at once, so a concurrent retry sees
 * it), or answers who holds it. A key older than a day (not purged yet) or a `running` claim past its
 * lease is taken over. Privileged: it runs before any scoped transaction, named by the verified caller's
 * own user id and credential, and reads nothing else.
 */
export const claimIdempotencyKey = async (
  executor: PrivilegedExecutor,
  values: {
    userId: string;
    organizationId: string | null;
    credential: string;
    endpoint: string;
    key: string;
    requestHash: string;
  },
  lifetimeSeconds: number,
): Promise<IdempotencyClaimResult> => {
  const claim = sql`
    with claimed as (
      insert into ${idempotencyKeys} as held
        (user_id, organization_id, credential, endpoint, key, request_hash, state, attempt, lease_expires_at)
      values (${values.userId}, ${values.organizationId}, ${values.credential}, ${values.endpoint},
        ${values.key}, ${values.requestHash}, 'running', gen_random_uuid(),
        now() + make_interval(secs => ${idempotencyClaimLeaseSeconds}))
      on conflict (user_id, credential, endpoint, key) do update set
        organization_id = excluded.organization_id, request_hash = excluded.request_hash,
        state = 'running', attempt = excluded.attempt, lease_expires_at = excluded.lease_expires_at,
        response_status = null, response_body = null, created_at = now()
      where (held.state = 'running' and held.lease_expires_at < now())
        or held.created_at < now() - make_interval(secs => ${lifetimeSeconds})
      returning id, attempt
    )
    select id, true as claimed, attempt, null as state, null as request_hash,
      null::smallint as response_status, null::jsonb as response_body
    from claimed
    union all
    select id, false, attempt, state, request_hash, response_status, response_body
    from ${idempotencyKeys}
    where user_id = ${values.userId} and credential = ${values.credential}
      and endpoint = ${values.endpoint} and key = ${values.key}
      and not exists (select from claimed)`;
  // A claim committed by another request after this statement's snapshot began conflicts without being
  // visible to its select: asking once more sees it.
  for (let attempt = 0; ; attempt += 1) {
    const { rows } = await executor.execute<ClaimRow>(claim);
    const [row] = rows;
    if (row?.claimed) return { claimed: true, id: Number(row.id), attempt: row.attempt };
    if (row)
      return {
        claimed: false,
        state: row.state,
        requestHash: row.request_hash,
        responseStatus: row.response_status,
        responseBody: row.response_body,
      };
    if (attempt >= 2) throw new Error('An idempotency key was neither claimed nor found');
  }
};

/**
 * Marks a claim completed with its answer, in the transaction of the work when the service allows it
 * (then both commit together). Answers false when the claim is no longer this request's (taken over
 * after its lease): the caller must not commit its work.
 */
export const completeIdempotencyClaim = async (
  executor: AnyExecutor,
  claim: { id: number; attempt: string },
  response: { status: number; body: unknown },
): Promise<boolean> => {
  const result = await executor.execute(sql`
    update ${idempotencyKeys}
    set state = 'completed', lease_expires_at = null, response_status = ${response.status},
      response_body = ${JSON.stringify(response.body ?? null)}::jsonb
    where id = ${claim.id} and attempt = ${claim.attempt} and state = 'running'`);
  return (result.rowCount ?? 0) > 0;
};

/** Gives a failed request's key back: a retry runs anew. A completed claim stays. */
export const releaseIdempotencyClaim = async (
  executor: PrivilegedExecutor,
  claim: { id: number; attempt: string },
): Promise<void> => {
  await executor.execute(sql`
    delete from ${idempotencyKeys}
    where id = ${claim.id} and attempt = ${claim.attempt} and state = 'running'`);
};
