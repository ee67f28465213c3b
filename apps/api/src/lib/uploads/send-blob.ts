import type { FastifyReply } from 'fastify';
import { AppError } from '../app-error';
import type { BlobStorage } from '../storage/blob-storage';

/** Only these are shown in the browser; anything else, including every type a browser would run, is a download. */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** Types served as plain bytes even when downloaded, so no client ever treats them as a page or script. */
const activeTypes = new Set([
  'text/html',
  'image/svg+xml',
  'application/javascript',
  'text/javascript',
  'application/xhtml+xml',
  'application/xml',
  'text/xml',
]);

/** A file name safe for a header: no quotes, backslashes, control characters or path separators. */
export const cleanFileName = (fileName: string): string => {
  const cleaned = fileName
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f"\\/]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned;
};

const rfc5987 = (value: string): string =>
  encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** RFC 6266: an ASCII fallback for old clients and the exact name in UTF-8 for the rest. */
export const contentDisposition = (kind: 'inline' | 'attachment', fileName: string): string => {
  const name = cleanFileName(fileName);
  const fallback = name.replace(/[^\x20-\x7e]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${rfc5987(name)}`;
};

export interface BlobToSend {
  storage: BlobStorage;
  key: string;
  fileName: string;
  /** The type sniffed at upload, not one the uploader claimed. */
  contentType: string;
  size: number;
}

/**
 * Streams a stored blob as the answer. Call it only after the route has authorized the reader:
 * the storage key is never taken from the request.
 */
export const sendBlob = async (reply: FastifyReply, blob: BlobToSend): Promise<FastifyReply> => {
  const stored = await blob.storage.get(blob.key);
  if (!stored) throw new AppError('not_found', 'The attachment was not found');
  const inline = inlineTypes.has(blob.contentType);
  const contentType = activeTypes.has(blob.contentType)
    ? 'application/octet-stream'
    : blob.contentType === 'text/plain'
      ? 'text/plain; charset=utf-8'
      : blob.contentType;
  return (
    reply
      .header('content-type', contentType)
      .header('content-length', String(stored.size))
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', blob.fileName))
      .header('x-content-type-options', 'nosniff')
      // Even opened as a document, a file may run nothing and reach nothing; browsers' PDF viewers
      // refuse to work in a sandbox (and a PDF's scripts run in the viewer, not in the page).
      .header(
        'content-security-policy',
        blob.contentType === 'application/pdf'
          ? "default-src 'none'; frame-ancestors 'none'"
          : "default-src 'none'; frame-ancestors 'none'; sandbox",
      )
      .header('cache-control', 'private, no-store')
      .send(stored.stream)
  );
};
