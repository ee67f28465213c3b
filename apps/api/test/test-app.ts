import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../src/build-server';
import { type Config, loadConfig } from '../src/config';
import { createFactories, type Factories, type TestUser } from './fixtures';
import { readAfterSetUp, type SetUpState } from './read-after-set-up';
import { createTestDatabase, type TestDatabase } from './test-database';

export const testConfig = (overrides: Record<string, string> = {}): Config =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });

/** The same app the server runs, on a test database; routes may be added before `ready()`. */
export const buildTestApp = (
  database: TestDatabase,
  config: Config = testConfig(),
): Promise<FastifyInstance> => buildServer({ config, db: database.db });

export interface TestAppOptions {
  /** A function when the configuration needs something started first (an S3 server, say). */
  config?: Config | (() => Promise<Config>);
  /** `false` leaves `ready()` to the caller, for tests that add routes to the app first. */
  ready?: boolean;
  /** Serve the portals' production builds too, as the start command does. */
  serveSpas?: boolean;
  /** The SLA clock's time (the app's `clock`), for tests that open and answer tickets at chosen moments. */
  clock?: () => Date;
  /** The request limits' time (milliseconds), for tests that move a minute on. */
  requestLimitClock?: () => number;
}

/** A request's extra headers; the helpers set `authorization`. */
export interface RequestOptions {
  headers?: Record<string, string>;
}

/** Requests sent with one credential; each resolves to the response (`json<T>()` typed by the caller). */
export interface RequestHelpers {
  /** The authorization header these helpers send, for clients making real HTTP requests (fetch, tus). */
  readonly headers: { authorization: string };
  get(url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, options?: RequestOptions): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, options?: RequestOptions): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, options?: RequestOptions): Promise<LightMyRequestResponse>;
  delete(url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

const requestHelpers = (app: () => FastifyInstance, authorization: () => string): RequestHelpers => {
  const send = (options: InjectOptions) =>
    app().inject({
      ...options,
      headers: { ...options.headers, authorization: authorization() },
    } as InjectOptions);
  const withBody =
    (method: 'POST' | 'PATCH' | 'PUT') =>
    (url: string, body?: unknown, options: RequestOptions = {}) =>
      send({
        method,
        url,
        headers: options.headers,
        ...(body === undefined ? {} : { payload: body as object }),
      });
  return {
    get headers() {
      return { authorization: authorization() };
    },
    get: (url, options = {}) => send({ method: 'GET', url, headers: options.headers }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url, options = {}) => send({ method: 'DELETE', url, headers: options.headers }),
    inject: send,
  };
};

/** Requests to `app` signed in as `user`, for apps built outside useTestApp (other keys, other config). */
export const signedInAs = (app: FastifyInstance, user: TestUser): RequestHelpers =>
  requestHelpers(
    () => app,
    () => `Bearer ${app.jwt.sign(user.claims)}`,
  );

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  /** Organizations, contacts, staff and API tokens in this app's database. */
  readonly factories: Factories;
  /** Requests signed in as `user` (a bearer access token that passed two-factor sign-in). */
  as(user: TestUser): RequestHelpers;
  /** Requests sent with a bearer credential: an API token's secret, or an access token a sign-in answered. */
  asToken(secret: string): RequestHelpers;
}

export interface TestDatabaseContext {
  readonly database: TestDatabase;
  readonly factories: Factories;
}

/**
 * A fresh database for the enclosing describe block (or file), for tests that need no app or build
 * their own (other config, a real listener, a worker): made in a `beforeAll`, dropped in an `afterAll`.
 */
export const useTestDatabase = (): TestDatabaseContext => {
  const state: SetUpState<Pick<TestDatabaseContext, 'database'>> = {};
  beforeAll(async () => {
    state.database = await createTestDatabase();
  });
  afterAll(async () => {
    await state.database?.drop();
  });
  const ready = readAfterSetUp('useTestDatabase', state, ['database']);
  return {
    get database() {
      return ready.database;
    },
    factories: createFactories(() => ready.database),
  };
};

/**
 * A fresh database and the app on it for the enclosing describe block (or file): built in a
 * `beforeAll`, closed and dropped in an `afterAll`. Register it before the block's own hooks, so
 * they see the app ready and (hooks being a stack) finish before it closes.
 */
export const useTestApp = (options: TestAppOptions = {}): TestApp => {
  const state: SetUpState<Pick<TestApp, 'app' | 'database'>> = {};

  beforeAll(async () => {
    state.database = await createTestDatabase();
    state.app = await buildServer({
      config:
        typeof options.config === 'function' ? await options.config() : (options.config ?? testConfig()),
      db: state.database.db,
      serveSpas: options.serveSpas ?? false,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.requestLimitClock ? { requestLimitClock: options.requestLimitClock } : {}),
    });
    if (options.ready !== false) await state.app.ready();
  });

  afterAll(async () => {
    await state.app?.close();
    await state.database?.drop();
  });

  const ready = readAfterSetUp<Pick<TestApp, 'app' | 'database'>>('useTestApp', state, ['app', 'database']);
  const factories = createFactories(
    () => ready.database,
    () => ready.app,
  );
  return {
    get app() {
      return ready.app;
    },
    get database() {
      return ready.database;
    },
    factories,
    as: (user) =>
      requestHelpers(
        () => ready.app,
        () => `Bearer ${ready.app.jwt.sign(user.claims)}`,
      ),
    asToken: (secret) =>
      requestHelpers(
        () => ready.app,
        () => `Bearer ${secret}`,
      ),
  };
};
