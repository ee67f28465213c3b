import type { Readable } from 'node:stream';

/**
 * Where finished attachments live. Keys are only ever server-generated UUIDs: nothing a user sends
 * (a file name, an id in a URL) becomes part of a path or an object name.
 */
export interface BlobStorage {
  /** Streams `body` into the blob `key`, replacing nothing: a new key for every blob. */
  put(key: string, body: Readable): Promise<{ size: number }>;
  /** The blob as a stream with its size, or undefined when there is none. */
  get(key: string): Promise<{ stream: Readable; size: number } | undefined>;
  /** Removes the blob; removing a missing blob is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

const blobKeyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isBlobKey = (key: string): boolean => blobKeyPattern.test(key);

/** Every driver checks keys first, so a bug upstream can never turn into a path or object name. */
export const assertBlobKey = (key: string): void => {
  if (!isBlobKey(key)) throw new Error('A blob key must be a server-generated UUID');
};
