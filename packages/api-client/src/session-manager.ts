import {
  authEndpoints,
  type Me,
  type Session,
  type SetPasswordRequest,
  type SignInRequest,
  type TwoFactorSignInRequest,
} from '@portals/domain';
import { isApiError } from './api-error';
import { type AccessTokenSource, type ApiClient, createApiClient } from './create-api-client';

/** Why nobody is signed in any more; `null` when nobody was (a first visit, or no session to restore). */
export const signOutReasons = ['session-ended', 'signed-out', 'signed-out-everywhere'] as const;
export type SignOutReason = (typeof signOutReasons)[number];

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-in'; me: Me }
  | { status: 'signed-out'; reason: SignOutReason | null };

/** The part of the Web Locks API used to keep tabs from refreshing at the same time. */
export interface RefreshLock {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** What a correct password leads to: the session, or a second step for accounts with two-factor sign-in. */
export type SignInOutcome =
  | { twoFactorRequired: false }
  | {
      twoFactorRequired: true /** For `completeTwoFactorSignIn`; valid for 5 minutes. */;
      challengeToken: string;
    };

export interface SessionManagerOptions {
  /** As for `createApiClient`: `''` means the same origin. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Defaults to `navigator.locks` where the browser has it; `null` for none. */
  lock?: RefreshLock | null;
}

export interface SessionManager {
  /** Calls the API as the signed-in user: sends the access token and renews it once on a 401. */
  readonly apiClient: ApiClient;
  /** The signed-in user's access token and its renewal, for what sends requests itself (resumable uploads). */
  readonly accessTokens: AccessTokenSource;
  getState(): SessionState;
  /** For `useSyncExternalStore`: called after every change of state. */
  subscribe(listener: () => void): () => void;
  /** On start: restores the session from the refresh cookie, or settles on signed out. */
  restore(): Promise<void>;
  signIn(credentials: SignInRequest): Promise<SignInOutcome>;
  /** The second step of signing in: the authenticator app's code, or a recovery code. */
  completeTwoFactorSignIn(request: TwoFactorSignInRequest): Promise<void>;
  /**
   * Uses a set-your-password link, which signs in; an account with two-factor sign-in is asked for
   * its code first, as when signing in.
   */
  setPassword(request: SetPasswordRequest): Promise<SignInOutcome>;
  /**
   * Continues with a session the API issued while signed in (turning on two-factor sign-in answers
   * a new, verified one, with its refresh cookie already set).
   */
  adoptSession(session: Session): void;
  /** Asks the API again who is signed in, after a change to the account (two-factor sign-in turned off). */
  reloadMe(): Promise<void>;
  /** Signs out of this device; rejects, staying signed in, when the API cannot be told. */
  signOut(): Promise<void>;
  signOutEverywhere(): Promise<void>;
  /** The reason of a sign-out has been shown: forget it. */
  acknowledgeSignOut(): void;
  /** Stops the proactive refresh timer. */
  dispose(): void;
}

const refreshLockName = 'portals-session-refresh';
/** Refresh this long before the token expires: a minute, or a fifth of very short lifetimes (tests). */
const refreshMarginMs = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 5);
const maxAccessTokenLifetimeMs = 15 * 60_000;

const defaultLock = (): RefreshLock | null => {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  return locks ? { request: (name, callback) => locks.request(name, callback) } : null;
};

/**
 * The signed-in session of one browser tab. The access token lives in memory only; the refresh
 * token is an httpOnly cookie the browser sends to `/v1/auth`, so a reload restores the session.
 * Refresh tokens rotate and a reused one ends the whole session, so refreshes never overlap:
 * concurrent callers share one, and tabs take turns through a Web Lock.
 */
export const createSessionManager = (options: SessionManagerOptions): SessionManager => {
  const lock = options.lock === undefined ? defaultLock() : options.lock;
  const publicClient = createApiClient({ baseUrl: options.baseUrl, fetch: options.fetch });

  let state: SessionState = { status: 'restoring' };
  let accessToken: string | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<string | null> | null = null;
  /** Bumped on every sign-in and sign-out, so a refresh that was overtaken changes nothing. */
  let generation = 0;
  const listeners = new Set<() => void>();

  const setState = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  const stopRefreshTimer = () => {
    if (refreshTimer !== undefined) clearTimeout(refreshTimer);
    refreshTimer = undefined;
  };

  const end = (reason: SignOutReason | null) => {
    generation += 1;
    accessToken = null;
    stopRefreshTimer();
    setState({ status: 'signed-out', reason });
  };

  /** Called as the answer arrives: the lifetime counts from now, whatever this device's clock says. */
  const scheduleRefresh = (expiresInSeconds: number) => {
    stopRefreshTimer();
    const lifetimeMs = Math.min(expiresInSeconds * 1000, maxAccessTokenLifetimeMs);
    if (!(lifetimeMs > 0)) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      // A failure without an answer is retried by the next request's 401; an ended session signs out.
      refresh().catch(() => undefined);
    }, lifetimeMs - refreshMarginMs(lifetimeMs));
  };

  const start = (session: Session) => {
    generation += 1;
    accessToken = session.accessToken;
    scheduleRefresh(session.expiresInSeconds);
    setState({ status: 'signed-in', me: session.me });
  };

  const callRefresh = () => publicClient.call(authEndpoints.refresh);

  const runRefresh = async (): Promise<string | null> => {
    const startedIn = generation;
    const wasSignedIn = state.status === 'signed-in';
    try {
      const session = await (lock ? lock.request(refreshLockName, callRefresh) : callRefresh());
      if (generation !== startedIn) return accessToken;
      start(session);
      return session.accessToken;
    } catch (error) {
      if (generation !== startedIn) return accessToken;
      if (isApiError(error) && error.status === 401) {
        end(wasSignedIn ? 'session-ended' : null);
        return null;
      }
      throw error;
    }
  };

  /** One refresh at a time: whoever asks while one runs gets its outcome. */
  const refresh = (): Promise<string | null> => {
    refreshing ??= runRefresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const accessTokens: AccessTokenSource = {
    accessToken: () => accessToken,
    renewAccessToken: async (rejected) => {
      if (state.status !== 'signed-in') return null;
      // Another request has renewed it since this one was sent.
      if (accessToken !== null && accessToken !== rejected) return accessToken;
      return refresh();
    },
  };
  const apiClient = createApiClient({ baseUrl: options.baseUrl, fetch: options.fetch, auth: accessTokens });

  return {
    apiClient,
    accessTokens,
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    restore: async () => {
      try {
        await refresh();
      } catch {
        // No answer (offline, server down): nothing to restore now; signing in will say why.
        if (state.status === 'restoring') end(null);
      }
    },
    signIn: async (credentials) => {
      const answer = await publicClient.call(authEndpoints.signIn, { body: credentials });
      if ('challengeToken' in answer)
        return { twoFactorRequired: true, challengeToken: answer.challengeToken };
      start(answer);
      return { twoFactorRequired: false };
    },
    completeTwoFactorSignIn: async (request) => {
      start(await publicClient.call(authEndpoints.signInTwoFactor, { body: request }));
    },
    setPassword: async (request) => {
      const answer = await publicClient.call(authEndpoints.setPassword, { body: request });
      if ('challengeToken' in answer)
        return { twoFactorRequired: true, challengeToken: answer.challengeToken };
      start(answer);
      return { twoFactorRequired: false };
    },
    adoptSession: (session) => {
      if (state.status === 'signed-in') start(session);
    },
    reloadMe: async () => {
      const startedIn = generation;
      const me = await apiClient.call(authEndpoints.me);
      // Signed out, or someone else signed in, meanwhile: this answer is about nobody current.
      if (generation === startedIn && state.status === 'signed-in') setState({ status: 'signed-in', me });
    },
    signOut: async () => {
      await publicClient.call(authEndpoints.signOut);
      end('signed-out');
    },
    signOutEverywhere: async () => {
      await apiClient.call(authEndpoints.signOutEverywhere);
      end('signed-out-everywhere');
    },
    acknowledgeSignOut: () => {
      if (state.status === 'signed-out' && state.reason !== null)
        setState({ status: 'signed-out', reason: null });
    },
    dispose: stopRefreshTimer,
  };
};
