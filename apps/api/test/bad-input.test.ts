import net from 'node:net';
import { Problem } from '@portals/domain';
import { count, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index';

import { useTestApp } from './test-app';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request written byte for byte on a socket: what a client sees, with no HTTP library between. */
const rawRequest = (port: number, request: string | Buffer): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(request);
  });

const get = (path: string, extraHeaders = '', method = 'GET') =>
  `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n${extraHeaders}\r\n`;

const post = (path: string, contentType: string, body: string) =>
  `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: ${contentType}\r\n` +
  `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const expectProblem = (answer: RawAnswer, status: number): Problem => {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = Problem.parse(JSON.parse(answer.body));
  expect(problem.status).toBe(status);
  return problem;
};

describe('bad input from outside answers problem+json, never a 500', () => {
  const context = useTestApp({ ready: false });
  let port: number;

  beforeAll(async () => {
    context.app.get('/v1/test-unstorable-text', { config: { access: { public: true } } }, async () => {
      // Text PostgreSQL refuses, reaching the database by a path the request checks did not cover.
      await context.database.db.execute(sql`select ${'before\u0000after'}::text`);
      return { unreachable: true };
    });
    await context.app.listen({ host: '127.0.0.1', port: 0 });
    const address = context.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    port = address.port;
  });

  describe('framework errors, over real HTTP', () => {
    it('answers a malformed URL with 400', async () => {
      const problem = expectProblem(await rawRequest(port, get('/v1/contacts/%')), 400);
      expect(problem.code).toBe('bad_request');
    });

    it('answers an over-long path parameter with 414', async () => {
      const answer = await rawRequest(port, get(`/v1/contacts/${'a'.repeat(500)}`, '', 'DELETE'));
      expect(expectProblem(answer, 414).code).toBe('uri_too_long');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers headers too large with 431', async () => {
      const answer = await rawRequest(port, get('/v1/tiers', `x-padding: ${'a'.repeat(20_000)}\r\n`));
      const problem = expectProblem(answer, 431);
      expect(problem.code).toBe('headers_too_large');
      expect(answer.headers['x-request-id']).toBe(problem.requestId);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers malformed JSON with 400', async () => {
      const answer = await rawRequest(port, post('/v1/auth/sign-in', 'application/json', '{"email": '));
      expect(expectProblem(answer, 400).code).toBe('bad_request');
    });

    it('answers an unsupported content type with 415', async () => {
      const answer = await rawRequest(
        port,
        post('/v1/auth/sign-in', 'application/xml', '<email>a@b.test</email>'),
      );
      expect(expectProblem(answer, 415).code).toBe('unsupported_media_type');
    });

    it('answers a body over the limit with 413', async () => {
      const body = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(2 * 1024 * 1024) });
      const answer = await rawRequest(port, post('/v1/auth/sign-in', 'application/json', body));
      expect(expectProblem(answer, 413).code).toBe('payload_too_large');
    });

    it('answers a deeply nested JSON body with 400', async () => {
      const depth = 100_000;
      const body = `{"email":${'['.repeat(depth)}${']'.repeat(depth)},"password":"x"}`;
      const problem = expectProblem(
        await rawRequest(port, post('/v1/auth/sign-in', 'application/json', body)),
        400,
      );
      expect(problem.code).toBe('validation_failed');
    });
  });

  describe('NUL characters', () => {
    it('refuses one in a body field, naming the field, and stores nothing', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'], tier: 'premium' });
      const [before] = await context.database.db.select({ value: count() }).from(users);
      const response = await context.as(main).post('/v1/contacts', {
        role: 'technical',
        name: 'Eve\u0000Null',
        email: 'eve-null@contacts.example',
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Problem.parse(response.json()).errors).toEqual([
        { path: 'body.name', message: 'must not contain NUL characters' },
      ]);
      const [after] = await context.database.db.select({ value: count() }).from(users);
      expect(after?.value).toBe(before?.value);
    });

    it('refuses one in the query string and in a path parameter, naming where', async () => {
      const organizationId = await context.factories.organization({ tier: 'premium' });
      const main = await context.factories.contact({ organizationId, roles: ['main'], tier: 'premium' });
      const inQuery = await context.as(main).get('/v1/subscriptions?cursor=abc%00def');
      expect(inQuery.statusCode).toBe(400);
      expect(Problem.parse(inQuery.json()).errors).toEqual([
        { path: 'querystring.cursor', message: 'must not contain NUL characters' },
      ]);
      const inParams = await context.as(main).patch('/v1/contacts/abc%00def', { name: 'Someone' });
      expect(inParams.statusCode).toBe(400);
      expect(Problem.parse(inParams.json()).errors).toEqual([
        { path: 'params.contactId', message: 'must not contain NUL characters' },
      ]);
    });

    it('answers text the database cannot store with 400, not 500', async () => {
      const response = await context.app.inject({ method: 'GET', url: '/v1/test-unstorable-text' });
      expect(response.statusCode).toBe(400);
      expect(Problem.parse(response.json()).code).toBe('bad_request');
    });
  });

  describe('request ids', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    it("echoes a client's short, plain request id", async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health`, {
        headers: { 'x-request-id': 'trace-42.abc_DEF' },
      });
      expect(response.headers.get('x-request-id')).toBe('trace-42.abc_DEF');
    });

    it.each([
      ['too long', 'a'.repeat(65)],
      ['with spaces', 'one two'],
      ['with a non-ASCII letter', 'caf\u00e9'],
      ['with a JSON fragment', '{"admin":true}'],
    ])('replaces a request id %s with a new one', async (_what, sent) => {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { headers: { 'x-request-id': sent } });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toMatch(uuid);
    });

    it('replaces a request id in UTF-8, and refuses one folded over two lines', async () => {
      const inUtf8 = await rawRequest(
        port,
        Buffer.from(get('/health', 'x-request-id: id-\u2603\r\n'), 'utf8'),
      );
      expect(inUtf8.status).toBe(200);
      expect(inUtf8.headers['x-request-id']).toMatch(uuid);
      const folded = await rawRequest(port, get('/health', 'x-request-id: abc\r\n def\r\n'));
      // Node's parser refuses the request before any request id exists.
      expect(expectProblem(folded, 400).code).toBe('bad_request');
    });
  });
});
