import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/lib/app-error';
import type { BlobStorage } from '../src/lib/storage/blob-storage';
import { FolderStorage } from '../src/lib/storage/folder-storage';
import { S3Storage } from '../src/lib/storage/s3-storage';
import { type CompletedUpload, resumableUploads } from '../src/lib/uploads/resumable-uploads';
import { sendBlob } from '../src/lib/uploads/send-blob';
import type { TestUser } from './fixtures';
import { startS3TestServer } from './s3-test-server';
import { useTestApp } from './test-app';

const maxBytes = 64 * 1024 * 1024;
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** A full collection, so the memory measured is what is held, not garbage not yet collected. */
const collectGarbage = (): void => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
};
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

interface Driver {
  storage: BlobStorage;
  /** Every key the storage holds: to show nothing was left behind. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

const folderDriver = async (): Promise<Driver> => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'attachments-'));
  return {
    storage: new FolderStorage(folder),
    keys: () => readdir(folder),
    close: () => rm(folder, { recursive: true, force: true }),
  };
};

const s3Driver = async (): Promise<Driver> => {
  const server = await startS3TestServer();
  const storage = new S3Storage(server.options);
  const client = new S3Client({
    region: server.options.region,
    endpoint: server.options.endpoint,
    forcePathStyle: true,
    credentials: server.options.credentials,
  });
  return {
    storage,
    keys: async () => {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: server.options.bucket }));
      return (listed.Contents ?? []).map((object) => object.Key ?? '');
    },
    close: async () => {
      client.destroy();
      storage.destroy();
      await server.close();
    },
  };
};

describe.each([
  ['folder storage', folderDriver],
  ['S3 storage', s3Driver],
])('attachment uploads on %s', (_name, makeDriver) => {
  const testApp = useTestApp({ ready: false });
  const completed = new Map<string, CompletedUpload>();
  let driver: Driver;
  let inProgressFolder: string;
  let endpoint: string;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    const { app } = testApp;
    driver = await makeDriver();
    inProgressFolder = await mkdtemp(path.join(os.tmpdir(), 'uploads-in-progress-'));
    await app.register(
      async (v1) => {
        await v1.register(resumableUploads, {
          // Beside the app's own /v1/uploads (tickets' attachments), with this test's callback.
          prefix: '/test-uploads',
          storage: driver.storage,
          inProgressFolder,
          maxBytes,
          onUploadComplete: async (upload) => {
            completed.set(upload.uploadId, upload);
          },
        });
        // What a module's download route does: authorize, then hand the stored blob over.
        v1.get<{ Params: { uploadId: string } }>(
          '/test-downloads/:uploadId',
          { config: { access: { authenticated: true } } },
          async (request, reply) => {
            const upload = completed.get(request.params.uploadId);
            if (!upload || upload.ownerUserId !== request.actor?.userId) {
              throw new AppError('not_found', 'The attachment was not found');
            }
            return sendBlob(reply, { storage: driver.storage, key: upload.storageKey, ...upload });
          },
        );
      },
      { prefix: '/v1' },
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    endpoint = `http://127.0.0.1:${address.port}/v1/test-uploads`;
    const organizationId = await testApp.factories.organization({ tier: 'premium' });
    alice = await testApp.factories.contact({ organizationId, roles: ['technical'] });
    bob = await testApp.factories.contact({ organizationId, roles: ['technical'] });
  });

  afterAll(async () => {
    await driver?.close();
    await rm(inProgressFolder, { recursive: true, force: true });
  });

  const tusHeaders = (user: TestUser) => ({ ...testApp.as(user).headers, 'tus-resumable': '1.0.0' });

  const create = (user: TestUser, length: number, fileName = 'file.bin') =>
    fetch(endpoint, {
      method: 'POST',
      headers: {
        ...tusHeaders(user),
        'upload-length': String(length),
        'upload-metadata': `filename ${base64(fileName)}`,
      },
    });

  const patch = (user: TestUser, location: string, offset: number, body: Uint8Array) =>
    fetch(new URL(location, endpoint), {
      method: 'PATCH',
      headers: {
        ...tusHeaders(user),
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
      },
      body,
    });

  /** A whole file in one creation and one PATCH; returns what the module was told. */
  const uploadWhole = async (user: TestUser, bytes: Buffer, fileName: string) => {
    const created = await create(user, bytes.length, fileName);
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    const patched = await patch(user, location, 0, bytes);
    expect(patched.status).toBe(204);
    const upload = completed.get(location.split('/').pop() ?? '');
    if (!upload) throw new Error('the upload did not complete');
    return upload;
  };

  const storedSha256 = async (key: string) => {
    const blob = await driver.storage.get(key);
    if (!blob) throw new Error('no blob stored');
    const hash = createHash('sha256');
    for await (const chunk of blob.stream) hash.update(chunk as Buffer);
    return hash.digest('hex');
  };

  it('resumes an interrupted upload and stores exactly the file (same sha256)', async () => {
    const file = randomBytes(3 * 1024 * 1024 + 17);
    const options = {
      headers: testApp.as(alice).headers,
      chunkSize: 256 * 1024,
      retryDelays: [0, 100, 300, 1000],
    };
    // First attempt: abort once a little over half has gone out.
    const uploadUrl = await new Promise<string>((resolve, reject) => {
      const upload: Upload = new Upload(file, {
        ...options,
        endpoint,
        metadata: { filename: 'report.bin' },
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
    const head = await fetch(uploadUrl, { method: 'HEAD', headers: tusHeaders(alice) });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(file.length);
    expect(head.headers.get('upload-length')).toBe(String(file.length));

    // Second attempt, as after a reload: from the server's offset to the end.
    await new Promise<void>((resolve, reject) => {
      new Upload(file, { ...options, uploadUrl, onError: reject, onSuccess: () => resolve() }).start();
    });
    const upload = completed.get(uploadUrl.split('/').pop() ?? '');
    expect(upload).toMatchObject({
      ownerUserId: alice.id,
      size: file.length,
      sha256: sha256(file),
      fileName: 'report.bin',
      contentType: 'application/octet-stream',
    });
    expect(await storedSha256(upload?.storageKey ?? '')).toBe(sha256(file));
    expect(await readdir(inProgressFolder)).toEqual([]);
  });

  /** Sends `size` bytes (one block repeated) in one PATCH, as a stream; returns its location and sha256. */
  const streamUpload = async (size: number) => {
    const block = randomBytes(64 * 1024);
    const expected = createHash('sha256');
    for (let sent = 0; sent < size; sent += block.length) expected.update(block);
    const created = await create(alice, size, 'big.bin');
    const location = created.headers.get('location') ?? '';
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        if (sent >= size) return controller.close();
        sent += block.length;
        // The same bytes every time: the test itself allocates nothing per chunk.
        controller.enqueue(block);
      },
    });
    const response = await fetch(new URL(location, endpoint), {
      method: 'PATCH',
      headers: {
        ...tusHeaders(alice),
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(204);
    return { upload: completed.get(location.split('/').pop() ?? ''), sha256: expected.digest('hex') };
  };

  it('streams a 50 MB upload through in one request with bounded memory', async () => {
    const size = 50 * 1024 * 1024;
    // A first, smaller upload lets the heap settle at its working size before measuring.
    await streamUpload(8 * 1024 * 1024);
    collectGarbage();
    const rssBefore = process.memoryUsage().rss;
    const { upload, sha256: expected } = await streamUpload(size);
    const growth = process.memoryUsage().rss - rssBefore;
    expect(upload?.size).toBe(size);
    expect(upload?.sha256).toBe(expected);
    expect(await storedSha256(upload?.storageKey ?? '')).toBe(upload?.sha256);
    // Client, API and storage share this process: all of it stays below the file's size, which holding
    // the file would need on its own. (Half the size was too tight with the whole suite running: the
    // collector then lags, and 33 MB of garbage was once seen.)
    expect(growth).toBeLessThan(size * 0.8);
  });

  it('refuses an upload declared over the limit with 413 problem+json, keeping nothing', async () => {
    const before = await driver.keys();
    const response = await create(alice, maxBytes + 1);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(await readdir(inProgressFolder)).toEqual([]);
    expect(await driver.keys()).toEqual(before);
  });

  it('refuses more bytes than declared with 413 and deletes the partial upload', async () => {
    const before = await driver.keys();
    const created = await create(alice, 1000);
    const location = created.headers.get('location') ?? '';
    expect((await patch(alice, location, 0, randomBytes(400))).status).toBe(204);
    const tooMuch = await patch(alice, location, 400, randomBytes(2000));
    expect(tooMuch.status).toBe(413);
    expect(await tooMuch.json()).toMatchObject({ code: 'payload_too_large' });
    const head = await fetch(new URL(location, endpoint), { method: 'HEAD', headers: tusHeaders(alice) });
    expect(head.status).toBe(404);
    expect(await readdir(inProgressFolder)).toEqual([]);
    expect(await driver.keys()).toEqual(before);
  });

  it('keeps an upload to its uploader: another user can neither see nor resume it', async () => {
    const created = await create(alice, 100);
    const location = created.headers.get('location') ?? '';
    const head = await fetch(new URL(location, endpoint), { method: 'HEAD', headers: tusHeaders(bob) });
    expect(head.status).toBe(404);
    const patched = await patch(bob, location, 0, randomBytes(100));
    expect(patched.status).toBe(404);
    expect(await patched.json()).toMatchObject({ code: 'not_found' });
    const terminated = await fetch(new URL(location, endpoint), {
      method: 'DELETE',
      headers: tusHeaders(bob),
    });
    expect(terminated.status).toBe(404);
    const own = await fetch(new URL(location, endpoint), { method: 'HEAD', headers: tusHeaders(alice) });
    expect(own.headers.get('upload-offset')).toBe('0');
    // Nor can they fetch someone else's finished attachment.
    const finished = await uploadWhole(alice, Buffer.from('%PDF-1.4 private'), 'private.pdf');
    const download = await fetch(new URL(`/v1/test-downloads/${finished.uploadId}`, endpoint), {
      headers: testApp.as(bob).headers,
    });
    expect(download.status).toBe(404);
  });

  it('refuses uploads without a signed-in user and ids that are not its own', async () => {
    const anonymous = await fetch(endpoint, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' },
    });
    expect(anonymous.status).toBe(401);
    const traversal = await fetch(`${endpoint}/..%2F..%2Fetc%2Fpasswd`, {
      method: 'HEAD',
      headers: tusHeaders(alice),
    });
    expect(traversal.status).toBe(404);
  });

  it('takes an API token of the uploader, as scripts attach log files', async () => {
    const { token } = await testApp.factories.apiToken(alice, { name: 'Log shipper' });
    const withToken = { ...testApp.asToken(token).headers, 'tus-resumable': '1.0.0' };
    const started = await fetch(endpoint, {
      method: 'POST',
      headers: { ...withToken, 'upload-length': '5', 'upload-metadata': `filename ${base64('log.txt')}` },
    });
    expect(started.status).toBe(201);
    const location = started.headers.get('location') ?? '';
    const finished = await fetch(new URL(location, endpoint), {
      method: 'PATCH',
      headers: { ...withToken, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
      body: 'hello',
    });
    expect(finished.status).toBe(204);
    expect(finished.headers.get('upload-sha256')).toBe(sha256(Buffer.from('hello')));
    expect(completed.get(location.split('/').pop() ?? '')).toMatchObject({
      ownerUserId: alice.id,
      contentType: 'text/plain',
    });
  });

  // HEAD is left out, as for every route: the API document lists no HEAD operations.
  it('documents the upload routes with the access they declare', () => {
    const document = testApp.app.swagger() as unknown as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    for (const [path, method] of [
      ['/v1/uploads', 'post'],
      ['/v1/uploads/{uploadId}', 'patch'],
      ['/v1/uploads/{uploadId}', 'delete'],
    ] as const) {
      expect(document.paths[path]?.[method]).toMatchObject({
        'x-access': 'authenticated',
        'x-api-tokens': true,
      });
    }
  });

  it('serves HTML only as a download, never as a page', async () => {
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
    const upload = await uploadWhole(alice, html, 'page.png');
    expect(upload.contentType).toBe('text/html');
    const response = await fetch(new URL(`/v1/test-downloads/${upload.uploadId}`, endpoint), {
      headers: testApp.as(alice).headers,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await response.arrayBuffer()).equals(html)).toBe(true);
  });

  it('shows a PNG inline, with its sniffed type', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(64),
    ]);
    const upload = await uploadWhole(alice, png, 'diagram.png');
    const response = await fetch(new URL(`/v1/test-downloads/${upload.uploadId}`, endpoint), {
      headers: testApp.as(alice).headers,
    });
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('neutralises quotes and line breaks in the file name', async () => {
    const upload = await uploadWhole(alice, Buffer.from('plain words'), 'évil"\r\nSet-Cookie: a=b;.txt');
    const response = await fetch(new URL(`/v1/test-downloads/${upload.uploadId}`, endpoint), {
      headers: testApp.as(alice).headers,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="_vilSet-Cookie: a=b;.txt"; filename*=UTF-8''%C3%A9vilSet-Cookie%3A%20a%3Db%3B.txt`,
    );
  });
});
