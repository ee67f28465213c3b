import type { ErrorCode, FieldError } from '@portals/domain';

/** Where in the request the fields of an error's field paths are. */
export type FieldLocation = 'body' | 'querystring' | 'params';

/**
 * The one error class services throw; the error handler turns it into problem+json. Services name
 * fields relative to their input (`termEnd`); the handler adds the location (`body.termEnd`).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly fieldErrors?: FieldError[],
    readonly location: FieldLocation = 'body',
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
