import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Endpoint, RouteAccess } from '@portals/domain';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { AppError } from '../app-error';
import type { BlobStorage } from '../storage/blob-storage';
import { sniffContentType, sniffLength } from './content-sniff';
import { UploadArea, type UploadInProgress } from './upload-area';

/** What a finished upload became: the caller records it (a ticket's attachment, say). */
export interface CompletedUpload {
  uploadId: string;
  ownerUserId: string;
  ownerOrganizationId: string | null;
  size: number;
  sha256: string;
  /** Sniffed from the first bytes, never taken from the client. */
  contentType: string;
  /** The name the client gave, as a label only. */
  fileName: string;
  /** The metadata the client sent with the upload, for the caller to interpret. */
  metadata: Record<string, string>;
  storageKey: string;
}

export interface ResumableUploadsOptions {
  storage: BlobStorage;
  /** Where uploads in progress are kept until they complete. */
  inProgressFolder: string;
  maxBytes: number;
  /**
   * Called once the blob is stored; when it throws, the blob is deleted and the client gets the error.
   * Mandatory: an upload nobody records would be an orphan blob.
   */
  onUploadComplete: (upload: CompletedUpload, request: FastifyRequest) => Promise<void>;
  /**
   * Called before an upload is created, with the metadata the client sent: throws to refuse it (a
   * ticket the uploader may not write to, say), so no bytes are accepted for something that cannot
   * be recorded.
   */
  authorizeUpload?: (metadata: Record<string, string>, request: FastifyRequest) => Promise<void>;
  /**
   * The API's definitions of these routes (`uploadEndpoints`), when mounted as the API's own
   * `/v1/uploads`: their paths, access and documentation then come from the domain.
   */
  endpoints?: { create: Endpoint; send: Endpoint; abandon: Endpoint };
}

const tusVersion = '1.0.0';
/** Any text: an id that is not an upload of the caller's is answered 404 like a missing one. */
const UploadParams = z.object({ uploadId: z.string().max(100) });
const offsetOctetStream = 'application/offset+octet-stream';
const nonNegativeInteger = /^(0|[1-9][0-9]{0,15})$/;

const integerHeader = (request: FastifyRequest, name: string): number | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' && nonNegativeInteger.test(value) ? Number(value) : undefined;
};

/** `key base64value,key2 base64value2` (tus Upload-Metadata); keys are plain, values are text. */
const parseMetadata = (header: string | string[] | undefined): Record<string, string> => {
  if (header === undefined) return {};
  if (typeof header !== 'string' || header.length > 4096) {
    throw new AppError('bad_request', 'Upload-Metadata is not valid');
  }
  const metadata: Record<string, string> = {};
  for (const pair of header.split(',')) {
    const [key, value, ...rest] = pair.trim().split(' ');
    if (!key || rest.length > 0 || !/^[A-Za-z0-9_.-]{1,64}$/.test(key) || Object.hasOwn(metadata, key)) {
      throw new AppError('bad_request', 'Upload-Metadata is not valid');
    }
    const decoded = value ? Buffer.from(value, 'base64').toString('utf8') : '';
    if (decoded.includes('\u0000'))
      throw new AppError('bad_request', 'Upload-Metadata holds a NUL character');
    metadata[key] = decoded;
  }
  return metadata;
};

/** Passes bytes on until more than `allowed` arrive, then fails: the client sent more than it declared. */
class ByteLimit extends Transform {
  private received = 0;
  exceeded = false;

  constructor(private readonly allowed: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.allowed) {
      this.exceeded = true;
      callback(new AppError('payload_too_large', 'The upload is larger than its declared length'));
      return;
    }
    callback(null, chunk);
  }
}

/** Counts and hashes what passes through, so the blob is hashed in the same pass that stores it. */
class Sha256Meter extends Transform {
  private readonly hash = createHash('sha256');

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

const readFirstBytes = async (filePath: string): Promise<Buffer> => {
  const file = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(sniffLength);
    const { bytesRead } = await file.read(buffer, 0, sniffLength, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
};

/**
 * Resumable uploads on the tus 1.0 core protocol with the creation and termination extensions
 * (what tus-js-client speaks), mounted where the caller registers it (`/v1/uploads`). Bytes go to a
 * file as they arrive, never into memory; a completed upload is hashed and sniffed while it is
 * streamed into the blob storage, then handed to `onUploadComplete`. Only the uploader sees an
 * upload: for anyone else it does not exist.
 */
export const resumableUploads = async (app: FastifyInstance, options: ResumableUploadsOptions) => {
  const area = new UploadArea(options.inProgressFolder);
  /** Uploads with a PATCH running in this process: a second one would interleave bytes. */
  const busy = new Set<string>();

  // The body of a PATCH is left unread here: the handler streams it to disk.
  app.addContentTypeParser(offsetOctetStream, (_request, _payload, done) => done(null));

  app.addHook('onSend', async (_request, reply) => {
    reply.header('tus-resumable', tusVersion);
  });

  const ownUpload = async (request: FastifyRequest<{ Params: { uploadId: string } }>) => {
    const upload = await area.find(request.params.uploadId);
    if (!upload || upload.ownerUserId !== request.actor?.userId) {
      throw new AppError('not_found', 'The upload was not found');
    }
    return upload;
  };

  const complete = async (upload: UploadInProgress, request: FastifyRequest): Promise<CompletedUpload> => {
    const dataPath = area.dataPath(upload.id);
    const contentType = sniffContentType(await readFirstBytes(dataPath));
    const storageKey = randomUUID();
    const meter = new Sha256Meter();
    const { size } = await options.storage.put(storageKey, createReadStream(dataPath).pipe(meter));
    const completed: CompletedUpload = {
      uploadId: upload.id,
      ownerUserId: upload.ownerUserId,
      ownerOrganizationId: upload.ownerOrganizationId,
      size,
      sha256: meter.digest(),
      contentType,
      fileName: upload.metadata.filename ?? upload.metadata.name ?? 'attachment',
      metadata: upload.metadata,
      storageKey,
    };
    try {
      await options.onUploadComplete(completed, request);
    } catch (error) {
      await options.storage.delete(storageKey);
      throw error;
    } finally {
      await area.remove(upload.id);
    }
    return completed;
  };

  const access: RouteAccess = { authenticated: true, apiTokens: true };
  const tags = ['uploads'];

  /** A route's path, access and documentation: the endpoint definition's when given, else the plugin's own. */
  const routeOf = (
    endpoint: Endpoint | undefined,
    own: { url: string; summary: string; params?: typeof UploadParams },
  ): Pick<RouteOptions, 'url' | 'config' | 'schema'> => {
    if (!endpoint) {
      return {
        url: own.url,
        config: { access },
        schema: { tags, summary: own.summary, ...(own.params ? { params: own.params } : {}) },
      };
    }
    if (!endpoint.path.startsWith(app.prefix)) {
      throw new Error(`${endpoint.method} ${endpoint.path} is not under this scope's prefix ${app.prefix}`);
    }
    return {
      url: endpoint.path.slice(app.prefix.length),
      config: { access: endpoint.access, endpoint },
      schema: {
        tags: [...endpoint.tags],
        summary: endpoint.summary,
        ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
        ...(endpoint.params ? { params: endpoint.params } : {}),
        response: endpoint.response,
      },
    };
  };

  app.options(
    '/',
    {
      config: { access: { public: true } },
      // Protocol discovery for tus clients, not an operation of the API.
      schema: {
        hide: true,
        tags,
        summary: 'What the tus server supports (Tus-Version, Tus-Extension, Tus-Max-Size)',
      },
    },
    async (_request, reply) =>
      reply
        .status(204)
        .header('tus-version', tusVersion)
        .header('tus-extension', 'creation,termination')
        .header('tus-max-size', String(options.maxBytes))
        .send(),
  );

  app.route({
    method: 'POST',
    ...routeOf(options.endpoints?.create, {
      url: '/',
      summary: 'Start a resumable upload (tus creation: Upload-Length, Upload-Metadata filename)',
    }),
    handler: async (request, reply) => {
      if (request.headers['upload-defer-length'] !== undefined) {
        throw new AppError('bad_request', 'The upload length must be given at creation (Upload-Length)');
      }
      const length = integerHeader(request, 'upload-length');
      if (length === undefined)
        throw new AppError('bad_request', 'Upload-Length must be a whole number of bytes');
      if (length > options.maxBytes) {
        throw new AppError(
          'payload_too_large',
          `An attachment can be at most ${options.maxBytes} bytes; this one is ${length}`,
        );
      }
      const metadata = parseMetadata(request.headers['upload-metadata']);
      const actor = request.actor;
      if (!actor) throw new AppError('unauthenticated', 'A valid access token is required');
      await options.authorizeUpload?.(metadata, request);
      const upload = await area.create({
        ownerUserId: actor.userId,
        ownerOrganizationId: actor.organizationId,
        length,
        metadata,
      });
      const base = request.url.split('?')[0]?.replace(/\/$/, '') ?? '';
      if (length === 0) {
        const completed = await complete(upload, request);
        reply.header('upload-sha256', completed.sha256);
      }
      return reply.status(201).header('location', `${base}/${upload.id}`).header('upload-offset', '0').send();
    },
  });

  app.head<{ Params: { uploadId: string } }>(
    '/:uploadId',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Where an upload of yours stands (tus: Upload-Offset, Upload-Length)',
        params: UploadParams,
      },
    },
    async (request, reply) => {
      const upload = await ownUpload(request);
      return reply
        .status(200)
        .header('upload-offset', String(await area.offsetOf(upload.id)))
        .header('upload-length', String(upload.length))
        .header('cache-control', 'no-store')
        .send();
    },
  );

  app.route<{ Params: { uploadId: string } }>({
    method: 'PATCH',
    ...routeOf(options.endpoints?.send, {
      url: '/:uploadId',
      summary: 'Send the next bytes of an upload of yours from Upload-Offset (tus)',
      params: UploadParams,
    }),
    handler: async (request, reply) => {
      const upload = await ownUpload(request);
      if (request.headers['content-type'] !== offsetOctetStream) {
        throw new AppError('unsupported_media_type', `A PATCH must send ${offsetOctetStream}`);
      }
      const offset = integerHeader(request, 'upload-offset');
      if (offset === undefined) throw new AppError('bad_request', 'Upload-Offset must be a whole number');
      if (busy.has(upload.id)) throw new AppError('conflict', 'The upload is receiving data already');
      busy.add(upload.id);
      try {
        const current = await area.offsetOf(upload.id);
        if (offset !== current) {
          throw new AppError('conflict', `The upload is at offset ${current}, not ${offset}`);
        }
        const declared = integerHeader(request, 'content-length');
        if (declared !== undefined && offset + declared > upload.length) {
          await area.remove(upload.id);
          throw new AppError('payload_too_large', 'The upload is larger than its declared length');
        }
        const limit = new ByteLimit(upload.length - offset);
        try {
          await pipeline(request.raw, limit, createWriteStream(area.dataPath(upload.id), { flags: 'a' }));
        } catch (error) {
          if (limit.exceeded) {
            await area.remove(upload.id);
            throw error;
          }
          // The client went away: what arrived stays, and a HEAD tells it where to resume.
          if (request.raw.aborted || request.raw.destroyed) return reply;
          throw error;
        }
        const received = await area.offsetOf(upload.id);
        if (received === upload.length) {
          const completed = await complete(upload, request);
          reply.header('upload-sha256', completed.sha256);
        }
        return reply.status(204).header('upload-offset', String(received)).send();
      } finally {
        busy.delete(upload.id);
      }
    },
  });

  app.route<{ Params: { uploadId: string } }>({
    method: 'DELETE',
    ...routeOf(options.endpoints?.abandon, {
      url: '/:uploadId',
      summary: 'Abandon an upload of yours (tus termination)',
      params: UploadParams,
    }),
    handler: async (request, reply) => {
      const upload = await ownUpload(request);
      if (busy.has(upload.id)) throw new AppError('conflict', 'The upload is receiving data');
      await area.remove(upload.id);
      return reply.status(204).send();
    },
  });
};
