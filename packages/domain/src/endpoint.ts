import type { z } from 'zod';
import type { ErrorCode } from './errors';
import type { Permission } from './policy';
import { IdempotencyHeaders } from './schemas/idempotency';

/**
 * What every endpoint must declare:
 * - `public`: anyone;
 * - `signInSession`: a person's own sign-in session only (two-factor, password, sign-out everywhere,
 *   API tokens: anything that mints a session or a credential); an API token is always refused;
 * - `authenticated`: any signed-in user acting on their own things; an API token only when the route
 *   says `apiTokens: true` on purpose, since there is no permission to check against its scopes;
 * - `permission`: the permission it needs; an API token only when the permission is in its scopes;
 * - `anyPermission`: one of several suffices, for a route both sides use (a ticket: `ticket:read:own`
 *   for contacts, `ticket:read:any` for staff); the service then narrows to what that one allows.
 */
export type RouteAccess =
  | { public: true }
  | { signInSession: true }
  | { authenticated: true; apiTokens?: true }
  | { permission: Permission }
  | { anyPermission: readonly [Permission, ...Permission[]] };

/** The permissions a route accepts (any one of them), or null when it names none. */
export const permissionsOfAccess = (access: RouteAccess): readonly Permission[] | null =>
  'permission' in access ? [access.permission] : 'anyPermission' in access ? access.anyPermission : null;

export type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One endpoint of the API, read by the Fastify route, the OpenAPI document and the typed client.
 * - `path` is the full path, Fastify style: `/v1/subscriptions/:subscriptionId`; `params` names
 *   every `:name` in it.
 * - `response` holds the success statuses only (problem+json failures are implied): usually one of
 *   200 or 201 with the body's schema, or `204: z.null()` for no content (the client resolves with
 *   `null`). With one success status the API answers with it; with several the handler picks.
 * - `idempotent: true` on every POST that creates something: it takes an `Idempotency-Key` header
 *   (the definition gets `headers: IdempotencyHeaders`, so it declares no headers of its own) and the
 *   API answers a retry with the same key and request with the first answer (decision 039).
 */
export interface Endpoint {
  readonly method: EndpointMethod;
  readonly path: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly headers?: z.ZodType;
  readonly response: { readonly [status: number]: z.ZodType };
  readonly access: RouteAccess;
  readonly idempotent?: true;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /**
   * Problems the handler itself may answer, beyond those its access, parameters and body make
   * possible (which the API document derives): a refused transition, an unusable reference…
   */
  readonly problems?: readonly ErrorCode[];
  /**
   * Examples for the API document, when the one generated from the schema would not do (a rule of the
   * schema JSON Schema cannot say, a value that must be in the future); the API's tests check each
   * against its schema, and a request body against the definition itself. `response` is the first
   * success status's body. A function is called each time the document is made.
   */
  readonly examples?: { readonly request?: unknown | (() => unknown); readonly response?: unknown };
  /** Set when the endpoint is on its way out (docs/api-changelog.md: the deprecation policy). */
  readonly deprecated?: EndpointDeprecation;
}

/**
 * A deprecated endpoint keeps working until its sunset; its answers say so in `Deprecation` (RFC 9745),
 * `Sunset` (RFC 8594) and a `Link` to its successor, and the API document marks it `deprecated`.
 */
export interface EndpointDeprecation {
  /** The day it was deprecated, `YYYY-MM-DD` (UTC). */
  readonly since: string;
  /** The day it stops answering, `YYYY-MM-DD` (UTC): at least six months after `since`. */
  readonly sunset: string;
  /** What to call instead: the successor's path (`/v2/things`) or a URL. */
  readonly successor?: string;
}

/** The `:name`s of a Fastify-style path. */
export type PathParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** A path with `:name`s needs a `params` schema giving each of them; a path without any takes none. */
type ParamsOfPath<Path extends string> = [PathParamNames<Path>] extends [never]
  ? { readonly params?: undefined }
  : { readonly params: z.ZodType<{ [Name in PathParamNames<Path>]: string }> };

/** An idempotent endpoint's headers are the `Idempotency-Key` alone: it declares none of its own. */
type HeadersOfIdempotent<E> = E extends { readonly idempotent: true }
  ? { readonly headers?: undefined }
  : unknown;

/** What `defineEndpoint` answers: an idempotent endpoint with its `Idempotency-Key` header. */
export type DefinedEndpoint<E extends Endpoint> = E extends { readonly idempotent: true }
  ? Omit<E, 'headers'> & { readonly headers: typeof IdempotencyHeaders }
  : E;

/** Declares an endpoint, keeping its literal types (path, access, schemas) for the server and the client. */
export const defineEndpoint = <const E extends Endpoint>(
  endpoint: E & ParamsOfPath<E['path']> & HeadersOfIdempotent<E>,
): DefinedEndpoint<E> =>
  (endpoint.idempotent ? { ...endpoint, headers: IdempotencyHeaders } : endpoint) as DefinedEndpoint<E>;

type OutputOf<E, Key extends string> = E extends { readonly [K in Key]: infer S extends z.ZodType }
  ? z.output<S>
  : undefined;
type InputOf<E, Key extends string> = E extends { readonly [K in Key]: infer S extends z.ZodType }
  ? z.input<S>
  : undefined;

/** What the server reads (after parsing) and the client sends (before it). */
export type EndpointParams<E extends Endpoint> = OutputOf<E, 'params'>;
export type EndpointQuery<E extends Endpoint> = OutputOf<E, 'query'>;
export type EndpointBody<E extends Endpoint> = OutputOf<E, 'body'>;
export type EndpointHeaders<E extends Endpoint> = OutputOf<E, 'headers'>;
export type EndpointParamsInput<E extends Endpoint> = InputOf<E, 'params'>;
export type EndpointQueryInput<E extends Endpoint> = InputOf<E, 'query'>;
export type EndpointBodyInput<E extends Endpoint> = InputOf<E, 'body'>;
export type EndpointHeadersInput<E extends Endpoint> = InputOf<E, 'headers'>;

type SuccessSchema<E extends Endpoint> = E['response'][keyof E['response'] & number];
/** The success body as the server hands it over (the serializer parses it). */
export type EndpointReply<E extends Endpoint> = z.input<SuccessSchema<E>>;
/** The success body as the client gets it. */
export type EndpointResult<E extends Endpoint> = z.output<SuccessSchema<E>>;

export const successStatusesOf = (endpoint: Endpoint): number[] => Object.keys(endpoint.response).map(Number);

/** `/v1/things/:thingId` with `{ thingId: 'a/b' }` → `/v1/things/a%2Fb`; a missing value throws. */
export const pathOf = (endpoint: Endpoint, params: Record<string, unknown> | undefined): string =>
  endpoint.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '')
      throw new Error(`${endpoint.method} ${endpoint.path} needs the path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
