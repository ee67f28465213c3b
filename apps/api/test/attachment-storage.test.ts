import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { FolderStorage, S3Storage } from '../src/lib/storage/index';
import { sniffContentType } from '../src/lib/uploads/content-sniff';
import { UploadArea, uploadSettingsFrom } from '../src/lib/uploads/index';
import { contentDisposition } from '../src/lib/uploads/send-blob';
import { startS3TestServer } from './s3-test-server';

const problemsOf = (environment: Record<string, string>): string[] => {
  try {
    loadConfig({ NODE_ENV: 'test', ...environment });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('attachment configuration', () => {
  it('keeps attachments in a folder under DATA_DIR, up to 2 GiB, by default', () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/srv/portals' });
    const settings = uploadSettingsFrom(config);
    expect(settings.maxBytes).toBe(2_147_483_648);
    expect(settings.storage).toBeInstanceOf(FolderStorage);
    expect(settings.inProgressFolder).toBe(path.join('/srv/portals', 'uploads-in-progress'));
  });

  it('uses S3 when asked, and names what S3 is missing', () => {
    expect(problemsOf({ ATTACHMENT_STORAGE: 's3' })).toEqual([
      'S3_BUCKET: is required when ATTACHMENT_STORAGE is s3',
    ]);
    expect(problemsOf({ ATTACHMENT_STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'id' })).toEqual([
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: give both or neither',
    ]);
    expect(problemsOf({ ATTACHMENT_STORAGE: 'disk', ATTACHMENT_MAX_BYTES: 'lots' })).toHaveLength(2);
    const config = loadConfig({
      NODE_ENV: 'test',
      ATTACHMENT_STORAGE: 's3',
      S3_BUCKET: 'attachments',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      ATTACHMENT_MAX_BYTES: '1048576',
    });
    const settings = uploadSettingsFrom(config);
    expect(settings.storage).toBeInstanceOf(S3Storage);
    expect(settings.maxBytes).toBe(1_048_576);
    (settings.storage as S3Storage).destroy();
  });
});

describe('folder storage', async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'folder-storage-'));
  const storage = new FolderStorage(folder);
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('refuses any key that is not a server-made UUID, so no path can come from outside', async () => {
    for (const key of ['../escape', '/etc/passwd', 'a/b', '', `${randomUUID()}/..`]) {
      await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(/UUID/);
      await expect(storage.get(key)).rejects.toThrow(/UUID/);
    }
    expect(await readdir(folder)).toEqual([]);
  });

  it('leaves nothing behind when the stream it stores fails', async () => {
    const key = randomUUID();
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('some bytes');
        throw new Error('the connection dropped');
      })(),
    );
    await expect(storage.put(key, failing)).rejects.toThrow('the connection dropped');
    expect(await storage.exists(key)).toBe(false);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('S3 storage', async () => {
  const server = await startS3TestServer();
  afterAll(() => server.close());

  it('stores every byte of a stream that is already flowing while the S3 client loads', async () => {
    // A storage made just now: its SDK loads on first use (decision 043), while the stream's bytes
    // are already buffered; none may be read before the upload takes the stream.
    const storage = new S3Storage(server.options);
    const key = randomUUID();
    const bytes = Buffer.from(Array.from({ length: 2_000 }, (_, line) => `log line ${line}\n`).join(''));
    const body = new Readable({ read() {} });
    body.push(bytes.subarray(0, 1_000));
    body.push(bytes.subarray(1_000));
    body.push(null);
    expect(await storage.put(key, body)).toEqual({ size: bytes.length });
    const stored = await storage.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stored?.stream ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(await storage.exists(key)).toBe(true);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeUndefined();
    storage.destroy();
  });
});

describe('uploads in progress', async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'uploads-in-progress-'));
  const area = new UploadArea(folder);
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('removes abandoned uploads older than the cut-off and keeps recent ones', async () => {
    const owner = { ownerUserId: randomUUID(), ownerOrganizationId: null, length: 10, metadata: {} };
    const day = 86_400_000;
    const abandoned = await area.create(owner, new Date(Date.now() - 2 * day));
    const recent = await area.create(owner);
    expect(await area.removeStartedBefore(new Date(Date.now() - day))).toBe(1);
    expect(await area.find(abandoned.id)).toBeUndefined();
    expect(await area.find(recent.id)).toBeDefined();
    expect((await readdir(folder)).sort()).toEqual([recent.id, `${recent.id}.json`].sort());
  });
});

describe('content sniffing', () => {
  it.each([
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['a PDF', Buffer.from('%PDF-1.7\n'), 'application/pdf'],
    ['a zip (docx, xlsx...)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]), 'application/zip'],
    ['an HTML page', Buffer.from('\n  <!DOCTYPE html><title>x</title>'), 'text/html'],
    ['a script-only page', Buffer.from('hello <script>alert(1)</script>'), 'text/html'],
    ['an SVG', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'), 'image/svg+xml'],
    ['XML', Buffer.from('<?xml version="1.0"?><config/>'), 'application/xml'],
    ['a log file', Buffer.from('2026-12-02 ERROR something failed\n'), 'text/plain'],
    ['binary bytes', Buffer.from([0, 1, 2, 3, 250, 251]), 'application/octet-stream'],
  ])('recognises %s from its first bytes', (_what, bytes, type) => {
    expect(sniffContentType(bytes)).toBe(type);
  });
});

describe('Content-Disposition', () => {
  it('keeps a plain name and encodes any other in UTF-8 (RFC 6266)', () => {
    expect(contentDisposition('inline', 'diagram.png')).toBe(
      `inline; filename="diagram.png"; filename*=UTF-8''diagram.png`,
    );
    expect(contentDisposition('attachment', '../../Grüße (1).txt')).toBe(
      `attachment; filename="....Gr__e (1).txt"; filename*=UTF-8''....Gr%C3%BC%C3%9Fe%20%281%29.txt`,
    );
    expect(contentDisposition('attachment', '"\r\n')).toBe(
      `attachment; filename="attachment"; filename*=UTF-8''attachment`,
    );
  });
});
