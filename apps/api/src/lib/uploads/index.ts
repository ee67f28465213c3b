import path from 'node:path';
import type { Config } from '../../config';
import { createBlobStorage } from '../storage/index';
import type { ResumableUploadsOptions } from './resumable-uploads';

export { sniffContentType } from './content-sniff';
export { type CompletedUpload, type ResumableUploadsOptions, resumableUploads } from './resumable-uploads';
export { type BlobToSend, contentDisposition, sendBlob } from './send-blob';
export { UploadArea } from './upload-area';

/**
 * The configured part of the uploads plugin's options; the module mounting it adds
 * `onUploadComplete` (what a finished upload becomes is the module's business).
 */
export const uploadSettingsFrom = (config: Config): Omit<ResumableUploadsOptions, 'onUploadComplete'> => ({
  storage: createBlobStorage(config),
  inProgressFolder: path.join(config.dataDir, 'uploads-in-progress'),
  maxBytes: config.attachments.maxBytes,
});
