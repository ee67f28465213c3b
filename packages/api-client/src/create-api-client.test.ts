import {
  authEndpoints,
  defineEndpoint,
  subscriptionEndpoints,
  TierList,
  ticketAttachmentEndpoints,
  tierEndpoints,
} from '@portals/domain';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError } from './api-error';
import { createApiClient } from './create-api-client';

const json = (body: unknown, status = 200, contentType = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });

/** An endpoint of no module, taking a body and a query, answering the tiers' shape. */
const saveThing = defineEndpoint({
  method: 'POST',
  path: '/v1/things',
  query: z.object({ limit: z.number().optional(), cursor: z.string().optional() }),
  body: z.object({ name: z.string().optional(), email: z.string().optional() }),
  response: { 200: TierList },
  access: { authenticated: true },
  tags: ['things'],
  summary: 'Save a thing',
});

const clientAnswering = (answer: () => Promise<Response>) => {
  const fetch = vi.fn<typeof globalThis.fetch>(answer);
  return { fetch, client: createApiClient({ baseUrl: 'http://api.test', fetch }) };
};

/** The rejection of `promise`, failing the test when it resolves. */
const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it succeeded');
};

describe('createApiClient', () => {
  it('returns the parsed body of a successful response', async () => {
    const { client, fetch } = clientAnswering(async () =>
      json({ items: [{ tier: 'premium', namedSupportAccounts: 2 }] }),
    );

    const tiers = await client.call(tierEndpoints.list);

    expect(tiers.items).toEqual([{ tier: 'premium', namedSupportAccounts: 2 }]);
    expect(fetch).toHaveBeenCalledWith(
      'http://api.test/v1/tiers',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('sends a JSON body and the query string, leaving out empty query values', async () => {
    const { client, fetch } = clientAnswering(async () => json({ items: [] }));

    await client.call(saveThing, { body: { name: 'x' }, query: { limit: 10, cursor: undefined } });

    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://api.test/v1/things?limit=10');
    expect(init?.body).toBe('{"name":"x"}');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
  });

  it('turns a problem+json 400 into an ApiError carrying its field errors and request id', async () => {
    const { client } = clientAnswering(async () =>
      json(
        {
          type: 'https://portals.example/problems/validation-failed',
          title: 'The request is not valid',
          status: 400,
          detail: 'Two fields are not valid.',
          code: 'validation_failed',
          requestId: 'req-42',
          errors: [
            { path: 'body.email', message: 'Enter an email address' },
            { path: 'body.servers', message: 'Must be at least 1' },
          ],
        },
        400,
        'application/problem+json; charset=utf-8',
      ),
    );

    const error = await rejectionOf(client.call(saveThing, { body: { email: '' } }));

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError).toMatchObject({
      kind: 'problem',
      status: 400,
      code: 'validation_failed',
      title: 'The request is not valid',
      detail: 'Two fields are not valid.',
      requestId: 'req-42',
    });
    expect(apiError.fieldErrors).toEqual([
      { path: 'body.email', message: 'Enter an email address' },
      { path: 'body.servers', message: 'Must be at least 1' },
    ]);
    expect(apiError.fieldError('body.email')).toBe('Enter an email address');
  });

  it("keeps a 429's Retry-After, so the page can say how long to wait", async () => {
    const { client } = clientAnswering(
      async () =>
        new Response(
          JSON.stringify({
            type: 'https://portals.example/problems/rate-limited',
            title: 'Too many requests',
            status: 429,
            code: 'rate_limited',
            detail: 'Too many attempts: try again in 42 seconds',
          }),
          { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '42' } },
        ),
    );

    const error = await rejectionOf(
      client.call(authEndpoints.signInTwoFactor, { body: { challengeToken: 'x', code: '123456' } }),
    );

    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 42 });
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    const { client } = clientAnswering(async () => {
      throw new TypeError('fetch failed');
    });

    const error = await rejectionOf(client.call(tierEndpoints.list));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'network', status: 0, code: 'service_unavailable' });
    expect((error as ApiError).title).toBe('The server cannot be reached');
  });

  it('turns a 502 with an HTML body into an ApiError, keeping the request id header', async () => {
    const { client } = clientAnswering(
      async () =>
        new Response('<html><body>Bad Gateway</body></html>', {
          status: 502,
          headers: { 'content-type': 'text/html', 'x-request-id': 'edge-7' },
        }),
    );

    const error = await rejectionOf(client.call(tierEndpoints.list));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'http',
      status: 502,
      code: 'service_unavailable',
      title: 'Service unavailable',
      requestId: 'edge-7',
    });
  });

  it('turns a JSON error body that is not a problem into an ApiError coded by its status', async () => {
    const { client } = clientAnswering(async () => json({ message: 'nope' }, 404));

    const error = await rejectionOf(client.call(tierEndpoints.list));

    expect(error).toMatchObject({ kind: 'http', status: 404, code: 'not_found' });
  });

  it('turns a successful response that breaks the contract into an ApiError', async () => {
    const { client } = clientAnswering(async () =>
      json({ items: [{ tier: 'gold', namedSupportAccounts: 'two' }] }),
    );

    const error = await rejectionOf(client.call(tierEndpoints.list));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200, code: 'internal_error' });
  });

  it('turns a successful response that is not JSON (an HTML fallback page) into an ApiError', async () => {
    const { client } = clientAnswering(
      async () =>
        new Response('<!doctype html><title>Portal</title>', { headers: { 'content-type': 'text/html' } }),
    );

    const error = await rejectionOf(client.call(tierEndpoints.list));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
  });

  it('rejects with the abort reason, not an ApiError, when the caller cancels', async () => {
    const controller = new AbortController();
    const { client } = clientAnswering(async () => {
      controller.abort();
      throw controller.signal.reason;
    });

    const error = await rejectionOf(client.call(tierEndpoints.list, { signal: controller.signal }));

    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toBe(controller.signal.reason);
  });

  it('uses the global fetch at call time when none is given', async () => {
    const client = createApiClient({ baseUrl: '' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ items: [] })),
    );

    await expect(client.call(tierEndpoints.list)).resolves.toEqual({ items: [] });
  });
});

describe('apiClient.call', () => {
  const subscriptionId = '3f0c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

  it("sends the endpoint's method to its path built from encoded parameters, with the body and query", async () => {
    const { client, fetch } = clientAnswering(async () => json({ items: [], nextCursor: null }));

    await client.call(subscriptionEndpoints.listOfOrganization, {
      params: { organizationId: '../admin?x=1' },
      query: { cursor: 'next page' },
    });

    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(
      'http://api.test/v1/staff/organizations/..%2Fadmin%3Fx%3D1/subscriptions?cursor=next+page',
    );
    expect(init?.method).toBe('GET');
  });

  it('resolves with the body parsed by the success schema, and with null for 204 No Content', async () => {
    const tiers = await clientAnswering(async () =>
      json({ items: [{ tier: 'basic', namedSupportAccounts: 1 }] }),
    ).client.call(tierEndpoints.list);
    expect(tiers.items).toEqual([{ tier: 'basic', namedSupportAccounts: 1 }]);

    const remove = defineEndpoint({
      method: 'DELETE',
      path: '/v1/things/:thingId',
      params: z.object({ thingId: z.string() }),
      response: { 204: z.null() },
      access: { authenticated: true },
      tags: ['things'],
      summary: 'Remove a thing',
    });
    const { client, fetch } = clientAnswering(async () => new Response(null, { status: 204 }));
    await expect(client.call(remove, { params: { thingId: 'a b' } })).resolves.toBeNull();
    expect(fetch.mock.calls[0]?.[0]).toBe('http://api.test/v1/things/a%20b');
  });

  it('rejects with an ApiError carrying the problem', async () => {
    const { client } = clientAnswering(async () =>
      json(
        {
          type: 'https://portals.example/problems/not-found',
          title: 'Not found',
          status: 404,
          code: 'not_found',
          requestId: 'req-7',
        },
        404,
        'application/problem+json',
      ),
    );

    const error = await rejectionOf(
      client.call(subscriptionEndpoints.change, {
        params: { subscriptionId },
        body: { status: 'cancelled' },
      }),
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'problem', status: 404, code: 'not_found', requestId: 'req-7' });
  });

  it('downloads a file with the access token, renewing it once on a 401', async () => {
    const params = {
      ticketId: '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b',
      attachmentId: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f',
    };
    const fetch = vi.fn<typeof globalThis.fetch>(async (_url, init) =>
      new Headers(init?.headers).get('authorization') === 'Bearer fresh'
        ? new Response('%PDF-1.4', { headers: { 'content-type': 'application/pdf' } })
        : json(
            { type: 'about:blank', title: 'Authentication required', status: 401, code: 'unauthenticated' },
            401,
          ),
    );
    const renewAccessToken = vi.fn(async () => 'fresh');
    const client = createApiClient({
      baseUrl: 'http://api.test',
      fetch,
      auth: { accessToken: () => 'expired', renewAccessToken },
    });

    const blob = await client.download(ticketAttachmentEndpoints.content, { params });

    expect(await blob.text()).toBe('%PDF-1.4');
    expect(renewAccessToken).toHaveBeenCalledWith('expired');
    expect(fetch).toHaveBeenLastCalledWith(
      `http://api.test/v1/tickets/${params.ticketId}/attachments/${params.attachmentId}/content`,
      expect.objectContaining({ method: 'GET' }),
    );
    fetch.mockImplementation(async () =>
      json(
        { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' },
        404,
        'application/problem+json',
      ),
    );
    const error = await rejectionOf(client.download(ticketAttachmentEndpoints.content, { params }));
    expect(error).toMatchObject({ kind: 'problem', status: 404, code: 'not_found' });
  });

  it('does not compile when parameters or the body are missing or wrong', () => {
    const { client } = clientAnswering(async () => json({}));
    // Type checks only: the calls are never awaited.
    const unchecked = () => {
      // @ts-expect-error: the organization's id is required
      void client.call(subscriptionEndpoints.listOfOrganization);
      // @ts-expect-error: the parameter is named organizationId
      void client.call(subscriptionEndpoints.listOfOrganization, { params: { id: 'x' } });
      // @ts-expect-error: the body is required
      void client.call(subscriptionEndpoints.change, { params: { subscriptionId: 'x' } });
      // @ts-expect-error: a list takes no body
      void client.call(subscriptionEndpoints.list, { body: { name: 'x' } });
    };
    expect(unchecked).toBeTypeOf('function');
  });
});
