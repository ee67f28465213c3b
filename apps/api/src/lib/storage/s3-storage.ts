import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { assertBlobKey, type BlobStorage } from './blob-storage';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-protocol services other than AWS (MinIO, Ceph...); AWS's own when undefined. */
  endpoint?: string | undefined;
  forcePathStyle?: boolean;
  /** The SDK's default chain (environment, instance role) when undefined. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

/**
 * The AWS SDK takes about 20 MB of memory once loaded: loaded when S3 storage is configured (the
 * storage's first use), never by a process that keeps attachments in a folder.
 */
const loadSdk = async () => {
  const [s3, storage] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]);
  return { ...s3, Upload: storage.Upload };
};
type Sdk = Awaited<ReturnType<typeof loadSdk>>;

const isMissing = (error: unknown): boolean => {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
};

/** Blobs as objects in one bucket, so every API process sees every attachment. */
export class S3Storage implements BlobStorage {
  private readonly ready: Promise<{ sdk: Sdk; client: S3Client }>;
  private readonly bucket: string;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.ready = loadSdk().then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: options.region,
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle ?? false,
        credentials: options.credentials,
        // Checksums only where S3 requires them: many S3-protocol services reject the SDK's
        // trailing-checksum encoding, and the API computes its own sha256 anyway.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    }));
    // Each use awaits it and meets its failure; unused, it must not be an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  async put(key: string, body: Readable): Promise<{ size: number }> {
    assertBlobKey(key);
    // Before the stream is watched: a 'data' listener starts it flowing, and what flows before the
    // upload takes the stream would be lost.
    const { sdk, client } = await this.ready;
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    // Multipart for large streams: parts are buffered one at a time (5 MiB), never the whole file.
    const upload = new sdk.Upload({
      client,
      params: { Bucket: this.bucket, Key: key, Body: body },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
      leavePartsOnError: false,
    });
    await upload.done();
    return { size };
  }

  async get(key: string): Promise<{ stream: Readable; size: number } | undefined> {
    assertBlobKey(key);
    try {
      const { sdk, client } = await this.ready;
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(object.Body instanceof Readable)) throw new Error('The S3 client returned no stream');
      return { stream: object.Body, size: object.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    const { sdk, client } = await this.ready;
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    assertBlobKey(key);
    try {
      const { sdk, client } = await this.ready;
      await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  destroy(): void {
    void this.ready.then(
      ({ client }) => client.destroy(),
      () => undefined,
    );
  }
}
