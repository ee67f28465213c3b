/** How many leading bytes `sniffContentType` looks at. */
export const sniffLength = 4096;

const startsWith = (bytes: Buffer, signature: number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

const binarySignatures: { type: string; matches: (bytes: Buffer) => boolean }[] = [
  { type: 'image/png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { type: 'image/webp', matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  { type: 'application/pdf', matches: (b) => startsWith(b, ascii('%PDF-')) },
  { type: 'application/zip', matches: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) },
  { type: 'application/gzip', matches: (b) => startsWith(b, [0x1f, 0x8b]) },
  {
    type: 'application/x-7z-compressed',
    matches: (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
  },
];

/** Text a browser would render as a document or run: checked whatever the file claims to be. */
const markupType = (text: string): string | undefined => {
  const head = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 1024)
    .toLowerCase();
  if (/<svg[\s>]/.test(head)) return 'image/svg+xml';
  if (head.startsWith('<?xml')) return /<html[\s>]/.test(head) ? 'application/xhtml+xml' : 'application/xml';
  if (
    /^<(!doctype html|html|head|body|script|iframe|div|a |p>|!--)/.test(head) ||
    /<script[\s>]/.test(head)
  ) {
    return 'text/html';
  }
  return undefined;
};

const isText = (bytes: Buffer): boolean => {
  if (bytes.includes(0)) return false;
  // A multi-byte character cut at the end of the sample is still text.
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const replacements = decoded.match(/\uFFFD/g)?.length ?? 0;
  return replacements <= 1;
};

/**
 * The content type from a file's first bytes, never from its name or the client's claim: a small
 * table of the formats people attach, markup that browsers would render, plain text, or
 * `application/octet-stream`.
 */
export const sniffContentType = (firstBytes: Buffer): string => {
  const binary = binarySignatures.find((signature) => signature.matches(firstBytes));
  if (binary) return binary.type;
  if (firstBytes.length === 0 || !isText(firstBytes)) return 'application/octet-stream';
  return markupType(firstBytes.toString('utf8')) ?? 'text/plain';
};
