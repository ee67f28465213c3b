import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Problem, TicketAttachmentDownloadLink, TicketAttachmentList } from '@portals/domain';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build-server';
import { organizations } from '../src/db/schema/index';
import { downloadLinks } from '../src/modules/ticket-attachments/download-links';
import type { AccessClaims } from '../src/plugins/access';
import type { TestUser } from './fixtures';
import { testConfig, useTestApp } from './test-app';
import { createTicket } from './ticket-fixtures';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('download links of ticket attachments', () => {
  let dataDir: string;
  const context = useTestApp({
    config: async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'download-links-'));
      return testConfig({ DATA_DIR: dataDir });
    },
  });

  let uploadsUrl: string;
  let organizationId: string;
  let ada: TestUser;
  let bob: TestUser;
  let stranger: TestUser;
  let adaTicket: { id: string };
  let otherAdaTicket: { id: string };
  let strangerTicket: { id: string };

  beforeAll(async () => {
    const { app, database, factories } = context;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    uploadsUrl = `http://127.0.0.1:${address.port}/v1/uploads`;
    organizationId = await factories.organization({ tier: 'premium' });
    ada = await factories.contact({ organizationId, roles: ['technical'] });
    bob = await factories.contact({ organizationId, roles: ['technical'] });
    const otherOrganizationId = await factories.organization({ tier: 'premium' });
    stranger = await factories.contact({ organizationId: otherOrganizationId, roles: ['technical'] });
    adaTicket = await createTicket(database, { organizationId, requesterUserId: ada.id });
    otherAdaTicket = await createTicket(database, { organizationId, requesterUserId: ada.id });
    strangerTicket = await createTicket(database, {
      organizationId: otherOrganizationId,
      requesterUserId: stranger.id,
    });
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Uploads `text` as `fileName` to the ticket (tus, one PATCH) and answers the attachment's id. */
  const attach = async (who: TestUser, ticketId: string, fileName: string, text: string) => {
    const bytes = Buffer.from(text);
    const headers = { ...context.as(who).headers, 'tus-resumable': '1.0.0' };
    const created = await fetch(uploadsUrl, {
      method: 'POST',
      headers: {
        ...headers,
        'upload-length': String(bytes.length),
        'upload-metadata': `ticketId ${base64(ticketId)},filename ${base64(fileName)}`,
      },
    });
    expect(created.status).toBe(201);
    const patched = await fetch(new URL(created.headers.get('location') ?? '', uploadsUrl), {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
      body: bytes,
    });
    expect(patched.status).toBe(204);
    const list = TicketAttachmentList.parse(
      (await context.as(who).get(`/v1/tickets/${ticketId}/attachments`)).json(),
    );
    const attachment = list.items.find((item) => item.fileName === fileName);
    if (!attachment) throw new Error(`${fileName} is not attached`);
    return attachment.id;
  };

  const linkUrl = (ticketId: string, attachmentId: string) =>
    `/v1/tickets/${ticketId}/attachments/${attachmentId}/download-link`;
  const contentUrl = (ticketId: string, attachmentId: string) =>
    `/v1/tickets/${ticketId}/attachments/${attachmentId}/content`;
  const linkFor = async (who: TestUser, ticketId: string, attachmentId: string) => {
    const response = await context.as(who).post(linkUrl(ticketId, attachmentId));
    expect(response.statusCode, response.body).toBe(200);
    return TicketAttachmentDownloadLink.parse(response.json());
  };
  /** A request with no credential but the link's: what a browser following it sends. */
  const follow = (url: string) => context.app.inject({ method: 'GET', url });
  const tokenOf = (url: string) => new URL(url, 'http://portal.invalid').searchParams.get('token') ?? '';
  const expectUnauthenticated = (response: { statusCode: number; json(): unknown; body: string }) => {
    expect(response.statusCode, response.body).toBe(401);
    expect(Problem.parse(response.json()).code).toBe('unauthenticated');
  };
  const setSharing = (on: boolean) =>
    context.database.db
      .update(organizations)
      .set({ ticketSharing: on })
      .where(eq(organizations.id, organizationId));

  it('downloads the file without an access token, as often as wanted within 60 seconds, with the safe headers', async () => {
    const attachmentId = await attach(ada, adaTicket.id, 'scheduler.log', 'the scheduler log lines');
    const link = await linkFor(ada, adaTicket.id, attachmentId);
    expect(link.url).toMatch(new RegExp(`^${contentUrl(adaTicket.id, attachmentId)}\\?token=`));
    const remainingMs = new Date(link.expiresAt).getTime() - Date.now();
    expect(remainingMs).toBeGreaterThan(50_000);
    expect(remainingMs).toBeLessThanOrEqual(60_000);

    for (const _ of [1, 2]) {
      const download = await follow(link.url);
      expect(download.statusCode, download.body).toBe(200);
      expect(download.body).toBe('the scheduler log lines');
      expect(download.headers['content-disposition']).toMatch(/^attachment;.*scheduler\.log/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-security-policy']).toContain("default-src 'none'");
    }
  });

  it('refuses an expired link like garbage', async () => {
    const attachmentId = await attach(ada, adaTicket.id, 'old.log', 'old lines');
    // Signed with the app's own key, 61 seconds ago.
    const links = downloadLinks(context.app.config.jwtSecret);
    const claims: AccessClaims = ada.claims;
    const target = { ticketId: adaTicket.id, attachmentId };
    const fresh = links.sign(claims, target);
    expect((await follow(`${contentUrl(adaTicket.id, attachmentId)}?token=${fresh.token}`)).statusCode).toBe(
      200,
    );
    const expired = links.sign(claims, target, Date.now() - 61_000);
    const refused = await follow(`${contentUrl(adaTicket.id, attachmentId)}?token=${expired.token}`);
    expectUnauthenticated(refused);
    const garbage = await follow(`${contentUrl(adaTicket.id, attachmentId)}?token=garbage.garbage`);
    expect(Problem.parse(refused.json()).detail).toBe(Problem.parse(garbage.json()).detail);
  });

  it('opens only the attachment it was made for, only on the content route, and never as a bearer token', async () => {
    const one = await attach(ada, adaTicket.id, 'one.log', 'first file');
    const two = await attach(ada, adaTicket.id, 'two.log', 'second file');
    const elsewhere = await attach(ada, otherAdaTicket.id, 'three.log', 'third file');
    const token = encodeURIComponent(tokenOf((await linkFor(ada, adaTicket.id, one)).url));

    expectUnauthenticated(await follow(`${contentUrl(adaTicket.id, two)}?token=${token}`));
    expectUnauthenticated(await follow(`${contentUrl(otherAdaTicket.id, elsewhere)}?token=${token}`));
    // The right attachment id under another ticket of the same person is no way in either.
    expectUnauthenticated(await follow(`${contentUrl(otherAdaTicket.id, one)}?token=${token}`));
    expectUnauthenticated(await follow(`/v1/tickets/${adaTicket.id}/attachments?token=${token}`));
    expectUnauthenticated(await follow(`/v1/me?token=${token}`));

    const raw = decodeURIComponent(token);
    for (const url of [contentUrl(adaTicket.id, one), `/v1/tickets/${adaTicket.id}`, '/v1/me']) {
      expectUnauthenticated(
        await context.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${raw}` } }),
      );
    }
    // Nor can it make another link.
    expectUnauthenticated(
      await context.app.inject({
        method: 'POST',
        url: linkUrl(adaTicket.id, one),
        headers: { authorization: `Bearer ${raw}` },
      }),
    );
    // A tampered link (another attachment's id in its signed part) is garbage too.
    const [encoded = '', signature = ''] = raw.split('.');
    const forged = Buffer.from(Buffer.from(encoded, 'base64url').toString('utf8').replace(one, two)).toString(
      'base64url',
    );
    expectUnauthenticated(
      await follow(`${contentUrl(adaTicket.id, two)}?token=${encodeURIComponent(`${forged}.${signature}`)}`),
    );
  });

  it('stops working once its holder signs out everywhere', async () => {
    const carol = await context.factories.contact({ organizationId, roles: ['technical'] });
    const ticket = await createTicket(context.database, { organizationId, requesterUserId: carol.id });
    const attachmentId = await attach(carol, ticket.id, 'carol.log', 'carol lines');
    const link = await linkFor(carol, ticket.id, attachmentId);
    expect((await follow(link.url)).statusCode).toBe(200);
    expect((await context.as(carol).post('/v1/auth/sign-out-everywhere')).statusCode).toBeLessThan(300);
    expectUnauthenticated(await follow(link.url));
  });

  it('checks the file is still visible to its holder at download time', async () => {
    const attachmentId = await attach(ada, adaTicket.id, 'shared.log', 'shared lines');
    await setSharing(true);
    let link: TicketAttachmentDownloadLink;
    try {
      link = await linkFor(bob, adaTicket.id, attachmentId);
      expect((await follow(link.url)).statusCode).toBe(200);
    } finally {
      await setSharing(false);
    }
    const refused = await follow(link.url);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('shared lines');
    // Nor does a colleague get a link while sharing is off.
    expect((await context.as(bob).post(linkUrl(adaTicket.id, attachmentId))).statusCode).toBe(404);
  });

  it("answers 404 for another organization's attachment, and makes no link for an API token", async () => {
    const theirs = await attach(stranger, strangerTicket.id, 'theirs.log', 'their secret');
    expect((await context.as(ada).post(linkUrl(strangerTicket.id, theirs))).statusCode).toBe(404);
    expect((await context.as(ada).post(linkUrl(adaTicket.id, theirs))).statusCode).toBe(404);
    // Their link on our ticket's route is no way in either.
    const token = tokenOf((await linkFor(stranger, strangerTicket.id, theirs)).url);
    expectUnauthenticated(
      await follow(`${contentUrl(adaTicket.id, theirs)}?token=${encodeURIComponent(token)}`),
    );

    const own = await attach(ada, adaTicket.id, 'api.log', 'api lines');
    const apiToken = (await context.factories.apiToken(ada, { scopes: ['ticket:read:own'] })).token;
    const refused = await context.asToken(apiToken).post(linkUrl(adaTicket.id, own));
    expect(refused.statusCode).toBe(403);
    expect(Problem.parse(refused.json()).detail).toMatch(/API tokens cannot be used for this/);
  });

  it('never writes the token in the request log', async () => {
    const lines: string[] = [];
    let logged: FastifyInstance | undefined;
    try {
      logged = await buildServer(
        { config: testConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }), db: context.database.db },
        { stream: { write: (line) => lines.push(line) } },
      );
      await logged.ready();
      const attachmentId = await attach(ada, adaTicket.id, 'logged.log', 'logged lines');
      const link = await linkFor(ada, adaTicket.id, attachmentId);
      const token = tokenOf(link.url);
      const download = await logged.inject({ method: 'GET', url: link.url });
      expect(download.statusCode).toBe(200);
      const log = lines.join('');
      expect(log).toContain(`${contentUrl(adaTicket.id, attachmentId)}?token=[Redacted]`);
      expect(log).not.toContain(token);
      expect(log).not.toContain(token.split('.')[1] ?? token);
    } finally {
      await logged?.close();
    }
  });
});
