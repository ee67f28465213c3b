import { z } from 'zod';

/**
 * Every error code the API can answer with, and its HTTP status: the one table.
 * The API maps thrown errors through it; the SPAs read `code` from the problem body.
 */
export const errorStatusByCode = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
  invalid_transition: 409,
  invalid_reference: 422,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatusByCode;
export const errorCodes = Object.keys(errorStatusByCode) as ErrorCode[];

export const errorTitleByCode: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  bad_request: 'Bad request',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  route_not_found: 'No such route',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  idempotency_key_reused: 'Idempotency-Key already used for another request',
  idempotency_key_in_use: 'A request with this Idempotency-Key is still running',
  invalid_transition: 'The ticket cannot move to that status',
  invalid_reference: 'The request names something that cannot be used here',
  payload_too_large: 'Payload too large',
  uri_too_long: 'URI too long',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  headers_too_large: 'Request headers too large',
  internal_error: 'Internal error',
  service_unavailable: 'Service unavailable',
};

export const FieldError = z.object({
  /** Dotted path of the offending field, for example `body.subscription.servers`. */
  path: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, the body of every failure. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]),
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const problemTypeBase = 'https://portals.example/problems/';
export const problemType = (code: ErrorCode): string => `${problemTypeBase}${code.replaceAll('_', '-')}`;
