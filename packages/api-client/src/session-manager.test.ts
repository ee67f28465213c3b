import { subscriptionEndpoints } from '@portals/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { createSessionManager, type RefreshLock, type SessionManager } from './session-manager';
import { testMe, testSession } from './testing';

const me = testMe();
const sessionWith = (accessToken: string, lifetimeSeconds?: number) =>
  testSession(me, accessToken, lifetimeSeconds);

/** A response the test hands over when it chooses. */
const deferredResponse = () => {
  let answer: (response: Response) => void = () => undefined;
  const response = new Promise<Response>((resolve) => {
    answer = resolve;
  });
  return { response, answer };
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

const problem = (status: number, code: string, detail: string) =>
  json({ type: `https://portals.example/problems/${code}`, title: 'Problem', status, code, detail }, status);

const sessionEnded = () => problem(401, 'unauthenticated', 'Your session has ended: sign in again');
const emptyPage = { items: [], nextCursor: null };

type Handler = (request: {
  authorization: string | null;
  init: RequestInit | undefined;
}) => Response | Promise<Response>;

/** A fake API: answers `METHOD /path` with its handler and records every call. */
const fakeApi = (handlers: Record<string, Handler>) => {
  const calls: {
    route: string;
    authorization: string | null;
    credentials: RequestCredentials | undefined;
  }[] = [];
  const fetch = vi.fn<typeof globalThis.fetch>(async (input, init) => {
    const route = `${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`;
    const authorization = new Headers(init?.headers).get('authorization');
    calls.push({ route, authorization, credentials: init?.credentials });
    const handler = handlers[route];
    if (!handler) throw new Error(`No fake answer for ${route}`);
    return handler({ authorization, init });
  });
  const callsTo = (route: string) => calls.filter((call) => call.route === route);
  return { fetch, calls, callsTo };
};

const managers: SessionManager[] = [];
const createManager = (fetch: typeof globalThis.fetch, lock: RefreshLock | null = null) => {
  const manager = createSessionManager({ baseUrl: 'http://portal.test', fetch, lock });
  managers.push(manager);
  return manager;
};

afterEach(() => {
  for (const manager of managers.splice(0)) manager.dispose();
  vi.useRealTimers();
});

describe('createSessionManager', () => {
  it('restores the session from the refresh cookie on start, sending the cookie same-origin only', async () => {
    const api = fakeApi({ 'POST /v1/auth/refresh': () => json(sessionWith('token-1')) });
    const session = createManager(api.fetch);

    expect(session.getState()).toEqual({ status: 'restoring' });
    await session.restore();

    expect(session.getState()).toEqual({ status: 'signed-in', me });
    expect(api.calls).toEqual([
      { route: 'POST /v1/auth/refresh', authorization: null, credentials: 'same-origin' },
    ]);
  });

  it('settles on signed out, with nothing to announce, when there is no session to restore', async () => {
    const api = fakeApi({ 'POST /v1/auth/refresh': sessionEnded });
    const session = createManager(api.fetch);

    await session.restore();

    expect(session.getState()).toEqual({ status: 'signed-out', reason: null });
  });

  it('sends the access token, and on a 401 refreshes once and retries with the new token', async () => {
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'POST /v1/auth/refresh': () => json(sessionWith('token-2')),
      'GET /v1/subscriptions': ({ authorization }) =>
        authorization === 'Bearer token-2' ? json(emptyPage) : problem(401, 'unauthenticated', 'Expired'),
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    await expect(session.apiClient.call(subscriptionEndpoints.list)).resolves.toEqual(emptyPage);

    expect(api.calls.map(({ route, authorization }) => [route, authorization])).toEqual([
      ['POST /v1/auth/sign-in', null],
      ['GET /v1/subscriptions', 'Bearer token-1'],
      ['POST /v1/auth/refresh', null],
      ['GET /v1/subscriptions', 'Bearer token-2'],
    ]);
    expect(session.getState()).toEqual({ status: 'signed-in', me });
  });

  it('shares one refresh between concurrent requests refused with 401', async () => {
    const refresh = deferredResponse();
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'POST /v1/auth/refresh': () => refresh.response,
      'GET /v1/subscriptions': ({ authorization }) =>
        authorization === 'Bearer token-2' ? json(emptyPage) : problem(401, 'unauthenticated', 'Expired'),
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    const requests = [1, 2, 3].map(() => session.apiClient.call(subscriptionEndpoints.list));
    await vi.waitFor(() => expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(1));
    refresh.answer(json(sessionWith('token-2')));

    await expect(Promise.all(requests)).resolves.toEqual([emptyPage, emptyPage, emptyPage]);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(1);
    expect(api.callsTo('GET /v1/subscriptions').map((call) => call.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-2',
      'Bearer token-2',
    ]);
  });

  it('retries with the token another request already renewed, without refreshing again', async () => {
    let refusedWithToken1 = 0;
    const lateAnswer = deferredResponse();
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'POST /v1/auth/refresh': () => json(sessionWith('token-2')),
      'GET /v1/subscriptions': ({ authorization }) => {
        if (authorization === 'Bearer token-2') return json(emptyPage);
        refusedWithToken1 += 1;
        if (refusedWithToken1 === 1) return problem(401, 'unauthenticated', 'Expired');
        // The second request's 401 arrives only after the first one has renewed the token.
        return lateAnswer.response;
      },
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    const early = session.apiClient.call(subscriptionEndpoints.list);
    const late = session.apiClient.call(subscriptionEndpoints.list);
    await expect(early).resolves.toEqual(emptyPage);
    lateAnswer.answer(problem(401, 'unauthenticated', 'Expired'));

    await expect(late).resolves.toEqual(emptyPage);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(1);
  });

  it('signs out with "session-ended" when the refresh is refused, and the request fails with the 401', async () => {
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'POST /v1/auth/refresh': sessionEnded,
      'GET /v1/subscriptions': () => problem(401, 'unauthenticated', 'The access token has expired'),
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    const error = await session.apiClient.call(subscriptionEndpoints.list).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(session.getState()).toEqual({ status: 'signed-out', reason: 'session-ended' });
    expect(api.callsTo('GET /v1/subscriptions')).toHaveLength(1);
  });

  it('keeps the session when the refresh gets no answer, failing only the request', async () => {
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'POST /v1/auth/refresh': () => {
        throw new TypeError('Failed to fetch');
      },
      'GET /v1/subscriptions': () => problem(401, 'unauthenticated', 'Expired'),
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    await expect(session.apiClient.call(subscriptionEndpoints.list)).rejects.toMatchObject({
      kind: 'network',
    });
    expect(session.getState()).toEqual({ status: 'signed-in', me });
  });

  it('does not refresh after a 401 to a request sent without a token (wrong password)', async () => {
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => problem(401, 'unauthenticated', 'The email or password is not correct'),
      'POST /v1/auth/refresh': sessionEnded,
    });
    const session = createManager(api.fetch);
    await session.restore();

    await expect(session.signIn({ email: me.email, password: 'wrong' })).rejects.toMatchObject({
      detail: 'The email or password is not correct',
    });
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(1);
    expect(session.getState()).toEqual({ status: 'signed-out', reason: null });
  });

  it('refreshes on its own shortly before the access token expires', async () => {
    vi.useFakeTimers();
    let issued = 0;
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-0', 900)),
      'POST /v1/auth/refresh': () => {
        issued += 1;
        return json(sessionWith(`token-${issued}`, 900));
      },
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    await vi.advanceTimersByTimeAsync(13 * 60_000);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(1);
    // The new token is refreshed in its turn.
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(2);
  });

  it("times the refresh by the token's lifetime in seconds, not by this device's clock, which may be off", async () => {
    vi.useFakeTimers();
    // A device clock a day ahead would put every `expiresAt` in the past.
    vi.setSystemTime(Date.now() + 86_400_000);
    let issued = 0;
    const api = fakeApi({
      'POST /v1/auth/sign-in': () =>
        json({ ...sessionWith('token-0', 900), expiresAt: new Date(Date.now() - 86_400_000).toISOString() }),
      'POST /v1/auth/refresh': () => {
        issued += 1;
        return json(sessionWith(`token-${issued}`, 900));
      },
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    await vi.advanceTimersByTimeAsync(13 * 60_000);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(1);
  });

  it('adopts a session issued while signed in, sending its token and refreshing on its schedule', async () => {
    vi.useFakeTimers();
    const verifiedMe = { ...me, twoFactorEnabled: true };
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1', 60)),
      'POST /v1/auth/refresh': () => json(testSession(verifiedMe, 'token-3', 900)),
      'GET /v1/subscriptions': () => json(emptyPage),
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    session.adoptSession(testSession(verifiedMe, 'token-2', 900));
    await session.apiClient.call(subscriptionEndpoints.list);

    expect(session.getState()).toEqual({ status: 'signed-in', me: verifiedMe });
    expect(api.callsTo('GET /v1/subscriptions')[0]?.authorization).toBe('Bearer token-2');
    // The first token's one-minute schedule is gone: the adopted token lives 15 minutes.
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(9 * 60_000);
    expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(1);
  });

  it('reloads who is signed in after a change to the account, keeping the access token', async () => {
    const changedMe = { ...me, twoFactorEnabled: false, name: 'Maria Changed' };
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'GET /v1/me': () => json(changedMe),
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    await session.reloadMe();

    expect(session.getState()).toEqual({ status: 'signed-in', me: changedMe });
    expect(api.callsTo('GET /v1/me')[0]?.authorization).toBe('Bearer token-1');
  });

  it('takes the cross-tab lock around every refresh, so tabs never present the same cookie twice', async () => {
    const lockedCalls: string[] = [];
    const api = fakeApi({ 'POST /v1/auth/refresh': () => json(sessionWith('token-1')) });
    const lock: RefreshLock = {
      request: async (name, callback) => {
        lockedCalls.push(`${name} taken`);
        const result = await callback();
        lockedCalls.push(`${name} released after ${api.calls.length} call`);
        return result;
      },
    };
    const session = createManager(api.fetch, lock);

    await session.restore();

    expect(lockedCalls).toEqual([
      'portals-session-refresh taken',
      'portals-session-refresh released after 1 call',
    ]);
    expect(session.getState().status).toBe('signed-in');
  });

  it('signs out of this device, forgetting the token; a refresh overtaken by it changes nothing', async () => {
    const refresh = deferredResponse();
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'POST /v1/auth/refresh': () => refresh.response,
      'POST /v1/auth/sign-out': () => new Response(null, { status: 204 }),
      'GET /v1/subscriptions': () => problem(401, 'unauthenticated', 'Expired'),
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });
    const request = session.apiClient.call(subscriptionEndpoints.list).catch((e: unknown) => e);
    await vi.waitFor(() => expect(api.callsTo('POST /v1/auth/refresh')).toHaveLength(1));

    await session.signOut();
    refresh.answer(json(sessionWith('token-2')));

    expect(await request).toMatchObject({ status: 401 });
    expect(session.getState()).toEqual({ status: 'signed-out', reason: 'signed-out' });
    session.acknowledgeSignOut();
    expect(session.getState()).toEqual({ status: 'signed-out', reason: null });
  });

  it('stays signed in when sign-out cannot reach the API, so the person can try again', async () => {
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'POST /v1/auth/sign-out': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    await expect(session.signOut()).rejects.toMatchObject({ kind: 'network' });
    expect(session.getState()).toEqual({ status: 'signed-in', me });
  });

  it('signs out everywhere with the access token', async () => {
    const api = fakeApi({
      'POST /v1/auth/sign-in': () => json(sessionWith('token-1')),
      'POST /v1/auth/sign-out-everywhere': () => new Response(null, { status: 204 }),
    });
    const session = createManager(api.fetch);
    await session.signIn({ email: me.email, password: 'portals-demo-2026' });

    await session.signOutEverywhere();

    expect(api.callsTo('POST /v1/auth/sign-out-everywhere')[0]?.authorization).toBe('Bearer token-1');
    expect(session.getState()).toEqual({ status: 'signed-out', reason: 'signed-out-everywhere' });
  });
});
