import path from 'node:path';
import type { Config } from '../../config';
import type { BlobStorage } from './blob-storage';
import { FolderStorage } from './folder-storage';
import { S3Storage } from './s3-storage';

export { assertBlobKey, type BlobStorage, isBlobKey } from './blob-storage';
export { FolderStorage } from './folder-storage';
export { S3Storage } from './s3-storage';

/** The storage the configuration names: a folder under DATA_DIR unless S3 is configured. */
export const createBlobStorage = (config: Config): BlobStorage => {
  const { attachments } = config;
  if (attachments.storage === 'folder') return new FolderStorage(path.join(config.dataDir, 'attachments'));
  return new S3Storage(attachments.s3);
};
