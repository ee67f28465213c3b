import { z } from 'zod';
import { AppError } from './app-error';

/** Opaque keyset cursors: clients pass them back, never build them. */
export const encodeCursor = (key: string | number): string =>
  Buffer.from(String(key), 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string;
export function decodeCursor<T>(cursor: string, key: z.ZodType<T>): T;
export function decodeCursor(cursor: string, key: z.ZodType = z.uuid()): unknown {
  const parsed = key.safeParse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!parsed.success) {
    throw new AppError(
      'validation_failed',
      'The cursor is not valid: use nextCursor from a previous page',
      [{ path: 'cursor', message: 'Not a cursor this API issued' }],
      'querystring',
    );
  }
  return parsed.data;
}
