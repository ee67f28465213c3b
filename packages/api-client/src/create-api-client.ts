import {
  type Endpoint,
  type EndpointBodyInput,
  type EndpointHeadersInput,
  type EndpointMethod,
  type EndpointParamsInput,
  type EndpointQueryInput,
  type EndpointResult,
  Problem,
  pathOf,
} from '@portals/domain';
import { z } from 'zod';
import { ApiError, codeForStatus, titleForCode } from './api-error';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  /** Appended as a query string; `null` and `undefined` values are left out. */
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Cancels the request; TanStack Query passes one to every query function. */
  signal?: AbortSignal;
}

/** Where the client gets the access token it sends, and a new one when the API refuses it. */
export interface AccessTokenSource {
  /** The token to send now; `null` when nobody is signed in. */
  accessToken(): string | null;
  /**
   * Called when the API answered 401 to a request sent with `rejected`. Resolves with the token
   * to retry with (concurrent callers share one refresh), or `null` when the session has ended.
   */
  renewAccessToken(rejected: string): Promise<string | null>;
}

export interface ApiClientOptions {
  /** Origin (and optional path) the `/v1/...` paths are appended to; `''` means same origin. */
  baseUrl: string;
  /** Defaults to the global `fetch`, looked up on every call so tests can stub it. */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: () => Record<string, string>;
  /** Sends `Authorization: Bearer` and, on a 401, retries once with a renewed token. */
  auth?: AccessTokenSource;
}

/**
 * A part of a call: required when the endpoint declares it, absent when it does not. A query or
 * headers whose every field is optional (a page query) may be left out; a body never.
 */
type Part<Key extends string, Value, OptionalWhenEmpty extends boolean = false> = [Value] extends [undefined]
  ? { [K in Key]?: undefined }
  : undefined extends Value
    ? { [K in Key]?: Value }
    : OptionalWhenEmpty extends true
      ? Record<never, never> extends Value
        ? { [K in Key]?: Value }
        : { [K in Key]: Value }
      : { [K in Key]: Value };

/** What a call to `endpoint` sends: its path parameters, query, body and headers, as it declares them. */
export type CallInput<E extends Endpoint> = Part<'params', EndpointParamsInput<E>> &
  Part<'query', EndpointQueryInput<E>, true> &
  Part<'body', EndpointBodyInput<E>> &
  Part<'headers', EndpointHeadersInput<E>, true> & { signal?: AbortSignal | undefined };

/** Whether a call may leave out its input entirely (nothing in it is required). */
type CallArguments<E extends Endpoint> =
  Record<never, never> extends CallInput<E> ? [input?: CallInput<E>] : [input: CallInput<E>];

export interface ApiClient {
  /** Where the API lives, as configured: `''` for the same origin. */
  readonly baseUrl: string;
  /**
   * Calls an endpoint defined in the domain: the URL from its path and `params` (each encoded),
   * resolving with the body parsed by its success schema (`null` for 204 No Content).
   */
  call<E extends Endpoint>(endpoint: E, ...input: CallArguments<E>): Promise<EndpointResult<E>>;
  /**
   * Calls an endpoint that answers with a file (an attachment's content) as `call` does, with the
   * same access token renewal and errors, resolving with the bytes instead of parsed JSON.
   */
  download<E extends Endpoint>(endpoint: E, ...input: CallArguments<E>): Promise<Blob>;
}

const requestIdHeader = 'x-request-id';

const buildUrl = (baseUrl: string, path: string, query: Record<string, QueryValue> | undefined): string => {
  const url = `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return url;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) search.append(key, String(value));
  }
  const queryString = search.toString();
  return queryString ? `${url}?${queryString}` : url;
};

const isJson = (response: Response): boolean => {
  const contentType = response.headers.get('content-type') ?? '';
  return /^application\/([\w.+-]+\+)?json\b/i.test(contentType);
};

/** The body as JSON; `undefined` for an empty body; throws when the body is not JSON. */
const readJson = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (text.trim() === '') return undefined;
  if (!isJson(response))
    throw new Error(`Expected JSON, got ${response.headers.get('content-type') ?? 'no content type'}`);
  return JSON.parse(text) as unknown;
};

/** `Retry-After` in seconds; the HTTP-date form is not used by the API and counts as absent. */
const retryAfterSecondsOf = (response: Response): number | undefined => {
  const value = response.headers.get('retry-after');
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
};

const failedResponseError = async (response: Response): Promise<ApiError> => {
  const headerRequestId = response.headers.get(requestIdHeader) ?? undefined;
  const retryAfterSeconds = retryAfterSecondsOf(response);
  let body: unknown;
  try {
    body = await readJson(response);
  } catch (cause) {
    const code = codeForStatus(response.status);
    return new ApiError({
      kind: 'http',
      status: response.status,
      code,
      title: titleForCode(code),
      requestId: headerRequestId,
      retryAfterSeconds,
      cause,
    });
  }
  const problem = Problem.safeParse(body);
  if (problem.success) {
    return new ApiError({
      kind: 'problem',
      status: response.status,
      code: problem.data.code,
      title: problem.data.title,
      detail: problem.data.detail,
      fieldErrors: problem.data.errors,
      requestId: problem.data.requestId ?? headerRequestId,
      retryAfterSeconds,
    });
  }
  const code = codeForStatus(response.status);
  return new ApiError({
    kind: 'http',
    status: response.status,
    code,
    title: titleForCode(code),
    requestId: headerRequestId,
    retryAfterSeconds,
  });
};

const invalidResponseError = (response: Response, detail: string, cause: unknown): ApiError =>
  new ApiError({
    kind: 'invalid_response',
    status: response.status,
    code: 'internal_error',
    title: 'Unexpected response from the server',
    detail,
    requestId: response.headers.get(requestIdHeader) ?? undefined,
    cause,
  });

/** What a call sends, whatever the endpoint declares. */
const callInputOf = (input: unknown) =>
  (input ?? {}) as {
    params?: Record<string, unknown>;
    query?: Record<string, QueryValue>;
    body?: unknown;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };

/**
 * A typed client for the portals API. Every call resolves with data that passed `schema`,
 * or rejects with an `ApiError`. A request cancelled through its `signal` rejects with the
 * signal's reason instead: cancelling is not a failure.
 */
export const createApiClient = (options: ApiClientOptions): ApiClient => {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** Sends the request with the access token (renewed once on a 401); a failure rejects as an ApiError. */
  const exchange = async (
    method: EndpointMethod,
    path: string,
    accept: string,
    requestOptions: RequestOptions & { body?: unknown },
  ): Promise<Response> => {
    const { body, query, headers, signal } = requestOptions;
    const hasBody = body !== undefined;
    const url = buildUrl(options.baseUrl, path, query);
    const serializedBody = hasBody ? JSON.stringify(body) : undefined;

    const send = async (accessToken: string | null): Promise<Response> => {
      try {
        return await doFetch(url, {
          method,
          headers: {
            accept,
            ...(hasBody ? { 'content-type': 'application/json' } : {}),
            ...(accessToken === null ? {} : { authorization: `Bearer ${accessToken}` }),
            ...options.headers?.(),
            ...headers,
          },
          body: serializedBody,
          // The refresh cookie is same-origin (the API serves the portals) and must never go elsewhere.
          credentials: 'same-origin',
          signal,
        });
      } catch (cause) {
        if (signal?.aborted) throw signal.reason;
        throw new ApiError({
          kind: 'network',
          status: 0,
          code: 'service_unavailable',
          title: 'The server cannot be reached',
          detail: 'Check your connection and try again.',
          cause,
        });
      }
    };

    const accessToken = options.auth?.accessToken() ?? null;
    let response = await send(accessToken);
    // An access token lives minutes: a 401 usually means it just expired, so renew it once and retry.
    if (response.status === 401 && options.auth && accessToken !== null) {
      const renewed = await options.auth.renewAccessToken(accessToken);
      if (signal?.aborted) throw signal.reason;
      if (renewed !== null) response = await send(renewed);
    }

    if (!response.ok) throw await failedResponseError(response);
    return response;
  };

  const request = async <Schema extends z.ZodType>(
    method: EndpointMethod,
    path: string,
    schema: Schema,
    requestOptions: RequestOptions & { body?: unknown } = {},
  ): Promise<z.output<Schema>> => {
    const { signal } = requestOptions;
    const response = await exchange(
      method,
      path,
      'application/json, application/problem+json',
      requestOptions,
    );
    let data: unknown;
    try {
      data = await readJson(response);
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      throw invalidResponseError(response, 'The server answered with something other than JSON.', cause);
    }
    // No content: nothing to read; the endpoint's schema for it is `z.null()`.
    if (response.status === 204 && data === undefined) data = null;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw invalidResponseError(
        response,
        'The server answered with data this page does not understand.',
        parsed.error,
      );
    }
    return parsed.data;
  };

  const call: ApiClient['call'] = async (endpoint, ...[input]) => {
    const { params, query, body, headers, signal } = callInputOf(input);
    const schemas = Object.values(endpoint.response);
    // With several success statuses, any of their bodies will do.
    const schema = schemas.length === 1 && schemas[0] ? schemas[0] : z.union(schemas);
    // The schema is the endpoint's own: what it parses is the endpoint's result.
    return (await request(endpoint.method, pathOf(endpoint, params), schema, {
      query,
      body,
      headers,
      signal,
    })) as EndpointResult<typeof endpoint>;
  };

  const download: ApiClient['download'] = async (endpoint, ...[input]) => {
    const { params, query, body, headers, signal } = callInputOf(input);
    const response = await exchange(endpoint.method, pathOf(endpoint, params), '*/*', {
      query,
      body,
      headers,
      signal,
    });
    try {
      return await response.blob();
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      throw new ApiError({
        kind: 'network',
        status: 0,
        code: 'service_unavailable',
        title: 'The download was interrupted',
        detail: 'Check your connection and try again.',
        cause,
      });
    }
  };

  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    call,
    download,
  };
};
