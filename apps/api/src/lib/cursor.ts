import { z } from 'zod';
import { AppError } from './app-error';

/** Opaque keyset cursors: clients pass them back, never build them. */
export const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string): string => {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!z.uuid().safeParse(id).success) {
    throw new AppError('validation_failed', 'The cursor is not valid: use nextCursor from a previous page', [
      { path: 'querystring.cursor', message: 'Not a cursor this API issued' },
    ]);
  }
  return id;
};
