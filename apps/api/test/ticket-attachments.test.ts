import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type Permission, TicketAttachmentList, TicketEvent, TicketEventPage } from '@portals/domain';
import { eq } from 'drizzle-orm';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, ticketAttachments } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { type S3TestServer, startS3TestServer } from './s3-test-server';
import { type RequestHelpers, testConfig, useTestApp } from './test-app';
import { createTicket } from './ticket-fixtures';

const maxBytes = 8 * 1024 * 1024;
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Someone signed in, or an API token's requests. */
type Who = TestUser | RequestHelpers;

describe.each([
  ['folder storage', 'folder'],
  ['S3 storage', 's3'],
] as const)('ticket attachments on %s', (_name, storageKind) => {
  let dataDir: string;
  let s3: S3TestServer | undefined;
  const context = useTestApp({
    config: async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'ticket-attachments-'));
      const settings: Record<string, string> = {
        DATA_DIR: dataDir,
        ATTACHMENT_MAX_BYTES: String(maxBytes),
        ATTACHMENT_STORAGE: storageKind,
      };
      if (storageKind === 's3') {
        s3 = await startS3TestServer();
        const { options } = s3;
        Object.assign(settings, {
          S3_BUCKET: options.bucket,
          S3_REGION: options.region,
          S3_ENDPOINT: options.endpoint ?? '',
          S3_ACCESS_KEY_ID: options.credentials?.accessKeyId ?? '',
          S3_SECRET_ACCESS_KEY: options.credentials?.secretAccessKey ?? '',
          S3_FORCE_PATH_STYLE: 'true',
        });
      }
      return testConfig(settings);
    },
  });

  let uploadsUrl: string;
  let organizationId: string;
  let main: TestUser;
  let ada: TestUser;
  let bob: TestUser;
  let agent: TestUser;
  let stranger: TestUser;
  let adaTicket: { id: string };
  let strangerTicket: { id: string };

  beforeAll(async () => {
    const { app, database } = context;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    uploadsUrl = `http://127.0.0.1:${address.port}/v1/uploads`;
    const { factories } = context;
    organizationId = await factories.organization({ tier: 'premium' });
    main = await factories.contact({ organizationId, roles: ['main'] });
    ada = await factories.contact({ organizationId, roles: ['technical'] });
    bob = await factories.contact({ organizationId, roles: ['technical'] });
    agent = await factories.staff({ roles: ['support_agent'] });
    const otherOrganizationId = await factories.organization({ tier: 'premium' });
    stranger = await factories.contact({
      organizationId: otherOrganizationId,
      roles: ['technical'],
      tier: 'premium',
    });
    adaTicket = await createTicket(database, { organizationId, requesterUserId: ada.id });
    strangerTicket = await createTicket(database, {
      organizationId: otherOrganizationId,
      requesterUserId: stranger.id,
    });
  });

  afterAll(async () => {
    await s3?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const requestsOf = (who: Who): RequestHelpers => ('claims' in who ? context.as(who) : who);
  const tusHeaders = (who: Who) => ({ ...requestsOf(who).headers, 'tus-resumable': '1.0.0' });

  const metadataHeader = (metadata: Record<string, string>) =>
    Object.entries(metadata)
      .map(([key, value]) => `${key} ${base64(value)}`)
      .join(',');

  const create = (who: Who, length: number, metadata: Record<string, string>) =>
    fetch(uploadsUrl, {
      method: 'POST',
      headers: {
        ...tusHeaders(who),
        'upload-length': String(length),
        'upload-metadata': metadataHeader(metadata),
      },
    });

  const patch = (who: Who, location: string, offset: number, body: Uint8Array) =>
    fetch(new URL(location, uploadsUrl), {
      method: 'PATCH',
      headers: {
        ...tusHeaders(who),
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
      },
      body,
    });

  /** The whole file in one creation and one PATCH; returns the final PATCH's answer. */
  const uploadWhole = async (
    who: Who,
    bytes: Buffer,
    metadata: Record<string, string>,
  ): Promise<Response> => {
    const created = await create(who, bytes.length, metadata);
    expect(created.status, await created.clone().text()).toBe(201);
    return patch(who, created.headers.get('location') ?? '', 0, bytes);
  };

  const call = (who: Who, method: 'GET' | 'POST', url: string, payload?: object) =>
    method === 'GET' ? requestsOf(who).get(url) : requestsOf(who).post(url, payload);

  const listOf = async (who: Who, ticketId: string) => {
    const response = await call(who, 'GET', `/v1/tickets/${ticketId}/attachments`);
    expect(response.statusCode, response.body).toBe(200);
    return TicketAttachmentList.parse(response.json()).items;
  };
  const contentUrl = (ticketId: string, attachmentId: string) =>
    `/v1/tickets/${ticketId}/attachments/${attachmentId}/content`;
  const attachmentNamed = async (who: TestUser, ticketId: string, fileName: string) => {
    const attachment = (await listOf(who, ticketId)).find((item) => item.fileName === fileName);
    if (!attachment) throw new Error(`${fileName} is not attached`);
    return attachment;
  };
  const setSharing = (on: boolean) =>
    context.database.db
      .update(organizations)
      .set({ ticketSharing: on })
      .where(eq(organizations.id, organizationId));

  /** Every blob the storage holds, and every file of uploads in progress: to show nothing is left. */
  const storedKeys = async (): Promise<string[]> => {
    if (s3) {
      const client = new S3Client({
        region: s3.options.region,
        endpoint: s3.options.endpoint,
        forcePathStyle: true,
        credentials: s3.options.credentials,
      });
      try {
        const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.options.bucket }));
        return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
      } finally {
        client.destroy();
      }
    }
    return (await readdir(path.join(dataDir, 'attachments'))).sort();
  };
  const inProgress = () => readdir(path.join(dataDir, 'uploads-in-progress'));
  const attachmentRows = async () =>
    (await context.database.db.select({ id: ticketAttachments.id }).from(ticketAttachments)).length;

  const tokenOf = async (owner: TestUser, scopes: Permission[]) =>
    context.asToken((await context.factories.apiToken(owner, { scopes })).token);

  it("a contact's upload to their ticket, interrupted and resumed, is attached with the file's sha256", async () => {
    const file = randomBytes(2 * 1024 * 1024 + 123);
    const options = { headers: context.as(ada).headers, chunkSize: 256 * 1024, retryDelays: [0, 100, 300] };
    const metadata = { ticketId: adaTicket.id, filename: 'support-bundle.tar' };
    // The first attempt stops a little past half way, as a dropped connection would.
    const uploadUrl = await new Promise<string>((resolve, reject) => {
      const upload: Upload = new Upload(file, {
        ...options,
        endpoint: uploadsUrl,
        metadata,
        onProgress: (sent) => {
          if (sent > file.length / 2 && upload.url) {
            const url = upload.url;
            upload.abort().then(() => resolve(url), reject);
          }
        },
        onError: reject,
        onSuccess: () => reject(new Error('the upload was not interrupted')),
      });
      upload.start();
    });
    expect(await listOf(ada, adaTicket.id)).toEqual([]);
    const head = await fetch(uploadUrl, { method: 'HEAD', headers: tusHeaders(ada) });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(file.length);

    let answeredSha256: string | null = null;
    await new Promise<void>((resolve, reject) => {
      new Upload(file, {
        ...options,
        uploadUrl,
        onAfterResponse: (_request, response) => {
          answeredSha256 = response.getHeader('Upload-Sha256') ?? answeredSha256;
        },
        onError: reject,
        onSuccess: () => resolve(),
      }).start();
    });
    expect(answeredSha256).toBe(sha256(file));

    const attachment = await attachmentNamed(ada, adaTicket.id, 'support-bundle.tar');
    expect(attachment).toMatchObject({
      ticketId: adaTicket.id,
      eventId: null,
      sizeBytes: file.length,
      sha256: sha256(file),
      visibility: 'public',
      uploader: { id: ada.id },
    });
    const download = await call(ada, 'GET', contentUrl(adaTicket.id, attachment.id));
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(file));
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="support-bundle.tar"/);

    // The timeline says so, with the name, size and hash; staff see it too.
    const events = TicketEventPage.parse(
      (await call(ada, 'GET', `/v1/tickets/${adaTicket.id}/events`)).json(),
    );
    expect(events.items.find((event) => event.kind === 'attachment_added')).toMatchObject({
      actor: { id: ada.id },
      visibility: 'public',
      data: {
        attachmentId: attachment.id,
        fileName: 'support-bundle.tar',
        sizeBytes: file.length,
        sha256: sha256(file),
      },
    });
    expect((await listOf(agent, adaTicket.id)).map((item) => item.id)).toContain(attachment.id);
    expect(await inProgress()).toEqual([]);
  });

  it('refuses an upload over the limit with 413 problem+json, storing nothing', async () => {
    const keys = await storedKeys();
    const rows = await attachmentRows();
    const declaredTooLarge = await create(ada, maxBytes + 1, {
      ticketId: adaTicket.id,
      filename: 'huge.iso',
    });
    expect(declaredTooLarge.status).toBe(413);
    expect(declaredTooLarge.headers.get('content-type')).toContain('application/problem+json');
    expect(await declaredTooLarge.json()).toMatchObject({ code: 'payload_too_large', status: 413 });

    // A client sending more than it declared is cut off the same way, and its partial upload removed.
    const created = await create(ada, 1000, { ticketId: adaTicket.id, filename: 'liar.bin' });
    const location = created.headers.get('location') ?? '';
    expect((await patch(ada, location, 0, randomBytes(600))).status).toBe(204);
    const tooMuch = await patch(ada, location, 600, randomBytes(4000));
    expect(tooMuch.status).toBe(413);
    expect(tooMuch.headers.get('content-type')).toContain('application/problem+json');

    expect(await storedKeys()).toEqual(keys);
    expect(await inProgress()).toEqual([]);
    expect(await attachmentRows()).toBe(rows);
    expect((await listOf(ada, adaTicket.id)).map((item) => item.fileName)).not.toContain('liar.bin');
  });

  it("keeps a contact's attachment from a colleague until sharing is on", async () => {
    const bytes = Buffer.from('%PDF-1.4 the quarterly capacity plan');
    expect((await uploadWhole(ada, bytes, { ticketId: adaTicket.id, filename: 'plan.pdf' })).status).toBe(
      204,
    );
    const attachment = await attachmentNamed(ada, adaTicket.id, 'plan.pdf');

    expect((await call(bob, 'GET', `/v1/tickets/${adaTicket.id}/attachments`)).statusCode).toBe(404);
    const refused = await call(bob, 'GET', contentUrl(adaTicket.id, attachment.id));
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).not.toContain('capacity plan');
    // Nor can they attach to it: refused before any byte is sent.
    const upload = await create(bob, 10, { ticketId: adaTicket.id, filename: 'x.txt' });
    expect(upload.status).toBe(404);
    expect(await inProgress()).toEqual([]);
    // The main contact sees every ticket of the organization.
    expect((await listOf(main, adaTicket.id)).map((item) => item.id)).toContain(attachment.id);

    await setSharing(true);
    try {
      expect((await listOf(bob, adaTicket.id)).map((item) => item.id)).toContain(attachment.id);
      const download = await call(bob, 'GET', contentUrl(adaTicket.id, attachment.id));
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(bytes)).toBe(true);
      expect(download.headers['content-type']).toBe('application/pdf');
    } finally {
      await setSharing(false);
    }
  });

  it('checks the uploader may still attach when the upload completes', async () => {
    const keys = await storedKeys();
    const rows = await attachmentRows();
    await setSharing(true);
    const created = await create(bob, 10, { ticketId: adaTicket.id, filename: 'late.txt' });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect((await patch(bob, location, 0, Buffer.from('first'))).status).toBe(204);
    // The main contact switches sharing off while the upload is under way.
    await setSharing(false);
    const last = await patch(bob, location, 5, Buffer.from('final'));
    expect(last.status).toBe(404);
    expect(await storedKeys()).toEqual(keys);
    expect(await inProgress()).toEqual([]);
    expect(await attachmentRows()).toBe(rows);
  });

  it('keeps an attachment on an internal note from every contact', async () => {
    const note = await call(agent, 'POST', `/v1/tickets/${adaTicket.id}/notes`, {
      body: 'Customer logs attached: the scheduler crashed',
    });
    expect(note.statusCode, note.body).toBe(201);
    const noteId = TicketEvent.parse(note.json()).id;
    const bytes = Buffer.from('internal scheduler trace');
    const uploaded = await uploadWhole(agent, bytes, {
      ticketId: adaTicket.id,
      eventId: String(noteId),
      filename: 'trace.log',
    });
    expect(uploaded.status).toBe(204);
    const internal = await attachmentNamed(agent, adaTicket.id, 'trace.log');
    expect(internal).toMatchObject({ visibility: 'internal', eventId: noteId });
    expect((await call(agent, 'GET', contentUrl(adaTicket.id, internal.id))).statusCode).toBe(200);

    await setSharing(true);
    try {
      for (const contact of [ada, bob, main]) {
        const listed = await listOf(contact, adaTicket.id);
        expect(listed.map((item) => item.id)).not.toContain(internal.id);
        expect(listed.map((item) => item.fileName)).not.toContain('trace.log');
        const download = await call(contact, 'GET', contentUrl(adaTicket.id, internal.id));
        expect(download.statusCode).toBe(404);
        const events = (await call(contact, 'GET', `/v1/tickets/${adaTicket.id}/events`)).body;
        expect(events).not.toContain('trace.log');
      }
    } finally {
      await setSharing(false);
    }
    // A contact cannot hang a file on the note either.
    const onNote = await create(ada, 10, { ticketId: adaTicket.id, eventId: String(noteId), filename: 'x' });
    expect(onNote.status).toBe(404);
  });

  it("answers 404 for another organization's ticket, on every route", async () => {
    const bytes = Buffer.from('secret of another organization');
    expect(
      (await uploadWhole(stranger, bytes, { ticketId: strangerTicket.id, filename: 'other.txt' })).status,
    ).toBe(204);
    const theirs = await attachmentNamed(stranger, strangerTicket.id, 'other.txt');
    for (const who of [ada, main]) {
      expect((await call(who, 'GET', `/v1/tickets/${strangerTicket.id}/attachments`)).statusCode).toBe(404);
      expect((await call(who, 'GET', contentUrl(strangerTicket.id, theirs.id))).statusCode).toBe(404);
      // Their attachment's id under one's own ticket is no way in either.
      expect((await call(who, 'GET', contentUrl(adaTicket.id, theirs.id))).statusCode).toBe(404);
      const upload = await create(who, 10, { ticketId: strangerTicket.id, filename: 'x.txt' });
      expect(upload.status).toBe(404);
      expect(await upload.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it('lets an API token with ticket:read:own list and download, and attach only with ticket:write:own', async () => {
    const bytes = Buffer.from('uptime report');
    expect((await uploadWhole(ada, bytes, { ticketId: adaTicket.id, filename: 'uptime.txt' })).status).toBe(
      204,
    );
    const reader = await tokenOf(ada, ['ticket:read:own']);
    const attachment = (await listOf(reader, adaTicket.id)).find((item) => item.fileName === 'uptime.txt');
    if (!attachment) throw new Error('the token does not see the attachment');
    const download = await call(reader, 'GET', contentUrl(adaTicket.id, attachment.id));
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('uptime report');
    expect((await create(reader, 10, { ticketId: adaTicket.id, filename: 'x.txt' })).status).toBe(403);

    const writer = await tokenOf(ada, ['ticket:read:own', 'ticket:write:own']);
    const uploaded = await uploadWhole(writer, Buffer.from('from the monitoring system'), {
      ticketId: adaTicket.id,
      filename: 'alert.txt',
    });
    expect(uploaded.status).toBe(204);
    // An upload of one person is nobody else's to finish or attach.
    const created = await create(ada, 5, { ticketId: adaTicket.id, filename: 'mine.txt' });
    const location = created.headers.get('location') ?? '';
    expect((await patch(main, location, 0, Buffer.from('hello'))).status).toBe(404);
    const abandoned = await fetch(new URL(location, uploadsUrl), {
      method: 'DELETE',
      headers: tusHeaders(ada),
    });
    expect(abandoned.status).toBe(204);
  });

  it("moves a duplicate's attachments to the ticket it is merged into", async () => {
    const { database } = context;
    const duplicate = await createTicket(database, { organizationId, requesterUserId: ada.id });
    const target = await createTicket(database, { organizationId, requesterUserId: ada.id });
    const reply = await call(ada, 'POST', `/v1/tickets/${duplicate.id}/replies`, { body: 'Logs attached' });
    expect(reply.statusCode, reply.body).toBe(201);
    const replyId = TicketEvent.parse(reply.json()).id;
    const log = Buffer.from('scheduler log of the duplicate');
    const onReply = { ticketId: duplicate.id, eventId: String(replyId), filename: 'duplicate.log' };
    expect((await uploadWhole(ada, log, onReply)).status).toBe(204);
    expect(
      (await uploadWhole(ada, Buffer.from('loose'), { ticketId: duplicate.id, filename: 'loose.txt' }))
        .status,
    ).toBe(204);

    const merged = await call(agent, 'POST', `/v1/tickets/${duplicate.id}/merge`, {
      intoTicketId: target.id,
    });
    expect(merged.statusCode, merged.body).toBe(204);

    expect(await listOf(ada, duplicate.id)).toEqual([]);
    const moved = await listOf(ada, target.id);
    expect(moved.map((item) => item.fileName).sort()).toEqual(['duplicate.log', 'loose.txt']);
    const movedLog = moved.find((item) => item.fileName === 'duplicate.log');
    expect(movedLog).toMatchObject({ ticketId: target.id, sha256: sha256(log), sizeBytes: log.length });
    // It hangs on the reply's copy in the target's timeline.
    const targetEvents = TicketEventPage.parse(
      (await call(ada, 'GET', `/v1/tickets/${target.id}/events`)).json(),
    );
    const copiedReply = targetEvents.items.find((event) => event.id === movedLog?.eventId);
    expect(copiedReply).toMatchObject({ kind: 'public_reply', body: 'Logs attached' });
    const download = await call(ada, 'GET', contentUrl(target.id, movedLog?.id ?? ''));
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(log)).toBe(true);
    expect((await call(ada, 'GET', contentUrl(duplicate.id, movedLog?.id ?? ''))).statusCode).toBe(404);
  });

  it('serves an uploaded HTML page only as a download, never as a page', async () => {
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
    expect((await uploadWhole(ada, html, { ticketId: adaTicket.id, filename: 'invoice.pdf' })).status).toBe(
      204,
    );
    const attachment = await attachmentNamed(ada, adaTicket.id, 'invoice.pdf');
    expect(attachment.contentType).toBe('text/html');
    const download = await call(ada, 'GET', contentUrl(adaTicket.id, attachment.id));
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain('sandbox');
  });

  it('refuses uploads that name no ticket, or a reply of someone else', async () => {
    const noTicket = await create(ada, 10, { filename: 'x.txt' });
    expect(noTicket.status).toBe(400);
    expect(noTicket.headers.get('content-type')).toContain('application/problem+json');
    const notAnId = await create(ada, 10, { ticketId: '../../etc/passwd', filename: 'x.txt' });
    expect(notAnId.status).toBe(400);
    const reply = await call(agent, 'POST', `/v1/tickets/${adaTicket.id}/replies`, { body: 'Send the logs' });
    expect(reply.statusCode, reply.body).toBe(201);
    const onAgentsReply = await create(ada, 10, {
      ticketId: adaTicket.id,
      eventId: String(TicketEvent.parse(reply.json()).id),
      filename: 'x.txt',
    });
    expect(onAgentsReply.status).toBe(404);
    expect(await inProgress()).toEqual([]);
  });
});
