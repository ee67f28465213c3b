import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { sendProblem } from './errors';

/**
 * Requests per minute per credential and organization, counted in this process's memory (decision 040):
 * no database round trip, the credential known from what the access plugin verified. The sign-in limits
 * (lib/rate-limit.ts, in PostgreSQL, per account and address) are another matter and stay as they are.
 */
const windowMs = 60_000;

/** A fixed window of one key: what it counted and when it ends. */
interface Window {
  count: number;
  resetAt: number;
}

/** One limit a request counts against. */
interface Limit {
  key: string;
  limit: number;
}

export class RequestWindows {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number) {}

  /** The key's current window, a new one when the last has ended. */
  windowOf(key: string): Window {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && window.resetAt > now) return window;
    const fresh = { count: 0, resetAt: now + windowMs };
    this.windows.set(key, fresh);
    return fresh;
  }

  /** Forgets ended windows, so the map holds only the last minute's callers. */
  sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request was counted (and its RateLimit headers set). */
    requestLimitCounted: boolean;
  }
}

/** What a request counts against: its API token and organization, a member of staff, or its address. */
const limitsOf = (request: FastifyRequest, limits: Config['requestLimits']): Limit[] => {
  const actor = request.actor;
  if (!actor) return [{ key: `address:${request.ip}`, limit: limits.address }];
  const counted: Limit[] = [];
  if (request.apiTokenId) counted.push({ key: `api-token:${request.apiTokenId}`, limit: limits.apiToken });
  counted.push(
    actor.organizationId
      ? { key: `organization:${actor.organizationId}`, limit: limits.organization }
      : { key: `staff:${actor.userId}`, limit: limits.staff },
  );
  return counted;
};

/** The API's answers are counted, and whatever no route answers; the portals' files and the probes are not. */
const isCounted = (request: FastifyRequest): boolean => request.url.startsWith('/v1') || request.is404;

const secondsUntil = (at: number, now: number) => Math.max(1, Math.ceil((at - now) / 1000));

export const requestLimitsPlugin = fp(
  async (app: FastifyInstance, options: { limits: Config['requestLimits']; now?: () => number }) => {
    const now = options.now ?? Date.now;
    const windows = new RequestWindows(now);
    const sweeper = setInterval(() => windows.sweep(), windowMs);
    sweeper.unref();
    app.addHook('onClose', async () => clearInterval(sweeper));
    app.decorateRequest('requestLimitCounted', false);

    /** Counts the request against each of its limits (unless one is used up); sets the headers of the tightest. */
    const count = (
      request: FastifyRequest,
      reply: FastifyReply,
      refuse: boolean,
    ): { tightest: Limit & { window: Window }; refused: boolean } => {
      request.requestLimitCounted = true;
      const counted = limitsOf(request, options.limits).map((limit) => ({
        ...limit,
        window: windows.windowOf(limit.key),
      }));
      const exhausted = counted.filter(({ limit, window }) => window.count >= limit);
      const refused = refuse && exhausted.length > 0;
      if (!refused) for (const { window } of counted) window.count += 1;
      // The tightest: the fewest left, then the one that resets last.
      const [tightest] = (refused ? exhausted : counted).sort(
        (a, b) =>
          a.limit - a.window.count - (b.limit - b.window.count) || b.window.resetAt - a.window.resetAt,
      );
      if (!tightest) throw new Error('A request counts against at least one limit');
      reply.header('ratelimit-limit', String(tightest.limit));
      reply.header('ratelimit-remaining', String(Math.max(0, tightest.limit - tightest.window.count)));
      reply.header('ratelimit-reset', String(secondsUntil(tightest.window.resetAt, now())));
      return { tightest, refused };
    };

    // After the access plugin's hook: the credential is the one it verified.
    app.addHook('onRequest', async (request, reply) => {
      if (!isCounted(request)) return;
      const { tightest, refused } = count(request, reply, true);
      if (!refused) return;
      const kind = tightest.key.slice(0, tightest.key.indexOf(':'));
      const whose =
        kind === 'api-token'
          ? 'this API token'
          : kind === 'organization'
            ? 'your organization'
            : kind === 'staff'
              ? 'you'
              : 'this address';
      reply.header('retry-after', String(secondsUntil(tightest.window.resetAt, now())));
      return sendProblem(
        request,
        reply,
        'rate_limited',
        `Too many requests: ${whose} may make ${tightest.limit} a minute. Retry after the number of seconds in Retry-After.`,
      );
    });

    // Answers sent before the hook above ran (refused by the access check, say) are counted too.
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.requestLimitCounted && isCounted(request)) count(request, reply, false);
      return payload;
    });
  },
  { name: 'request-limits' },
);
