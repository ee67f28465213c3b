import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isBlobKey } from '../storage/blob-storage';

/** What is known about an upload in progress, kept beside its bytes. */
export interface UploadInProgress {
  id: string;
  ownerUserId: string;
  ownerOrganizationId: string | null;
  length: number;
  /** The tus metadata as sent (decoded); a file name here is only ever a label. */
  metadata: Record<string, string>;
  createdAt: string;
}

/**
 * Uploads in progress: `<id>` holds the bytes received so far (its size is the offset) and
 * `<id>.json` the rest. Ids are server-generated UUIDs and checked before any path is made.
 */
export class UploadArea {
  private readonly ready: Promise<unknown>;

  constructor(readonly folder: string) {
    this.ready = mkdir(folder, { recursive: true });
  }

  dataPath(id: string): string {
    if (!isBlobKey(id)) throw new Error('An upload id must be a server-generated UUID');
    return path.join(this.folder, id);
  }

  private infoPath(id: string): string {
    return `${this.dataPath(id)}.json`;
  }

  async create(
    upload: Omit<UploadInProgress, 'id' | 'createdAt'>,
    now = new Date(),
  ): Promise<UploadInProgress> {
    await this.ready;
    const created: UploadInProgress = { ...upload, id: randomUUID(), createdAt: now.toISOString() };
    await writeFile(this.dataPath(created.id), '', { flag: 'wx' });
    await writeFile(this.infoPath(created.id), JSON.stringify(created), { flag: 'wx' });
    return created;
  }

  /** The upload, or undefined for an id that is not a UUID or not in progress. */
  async find(id: string): Promise<UploadInProgress | undefined> {
    if (!isBlobKey(id)) return undefined;
    try {
      return JSON.parse(await readFile(this.infoPath(id), 'utf8')) as UploadInProgress;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async offsetOf(id: string): Promise<number> {
    return (await stat(this.dataPath(id))).size;
  }

  async remove(id: string): Promise<void> {
    await rm(this.infoPath(id), { force: true });
    await rm(this.dataPath(id), { force: true });
  }

  /**
   * Removes uploads started before `startedBefore` and never finished, returning how many: for a
   * periodic clean-up, with a cut-off (a day, say) far older than any upload still in progress.
   */
  async removeStartedBefore(startedBefore: Date): Promise<number> {
    await this.ready;
    let removed = 0;
    for (const name of await readdir(this.folder)) {
      if (!name.endsWith('.json')) continue;
      const upload = await this.find(name.slice(0, -'.json'.length));
      if (upload && new Date(upload.createdAt) < startedBefore) {
        await this.remove(upload.id);
        removed += 1;
      }
    }
    return removed;
  }
}
