import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobKey, type BlobStorage } from './blob-storage';

/**
 * Blobs as files in one folder. A blob is written under a temporary name and renamed once complete,
 * so a reader never sees half a file and a failed write leaves nothing under the key.
 */
export class FolderStorage implements BlobStorage {
  private readonly ready: Promise<unknown>;

  constructor(private readonly folder: string) {
    this.ready = mkdir(folder, { recursive: true });
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.folder, key);
  }

  async put(key: string, body: Readable): Promise<{ size: number }> {
    const finalPath = this.pathOf(key);
    await this.ready;
    const temporaryPath = path.join(this.folder, `.incoming-${randomUUID()}`);
    try {
      const file = createWriteStream(temporaryPath, { flags: 'wx' });
      await pipeline(body, file);
      await rename(temporaryPath, finalPath);
      return { size: file.bytesWritten };
    } catch (error) {
      await rm(temporaryPath, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<{ stream: Readable; size: number } | undefined> {
    const filePath = this.pathOf(key);
    try {
      const { size } = await stat(filePath);
      return { stream: createReadStream(filePath), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.pathOf(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
