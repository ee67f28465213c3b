import {
  type ErrorCode,
  errorCodes,
  errorStatusByCode,
  errorTitleByCode,
  type FieldError,
} from '@portals/domain';

/**
 * What went wrong, for code that wants to react differently (retry a network failure,
 * show field errors of a validation failure). `code` says what the API meant.
 * - `network`: no response at all (offline, DNS, refused connection, CORS).
 * - `problem`: a non-2xx answer with a problem+json body from the API.
 * - `http`: a non-2xx answer without a usable problem body (a proxy's HTML 502 page).
 * - `invalid_response`: a 2xx answer that is not JSON or does not match the contract.
 */
export type ApiErrorKind = 'network' | 'problem' | 'http' | 'invalid_response';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  /** HTTP status of the response; 0 when there was no response. */
  status: number;
  code: ErrorCode;
  title: string;
  detail?: string | undefined;
  fieldErrors?: readonly FieldError[] | undefined;
  requestId?: string | undefined;
  /** From a 429's `Retry-After` header: how long to wait before trying again. */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

/** The one error type every failed API call becomes. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly code: ErrorCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: readonly FieldError[];
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init.detail ?? init.title, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The message of the field at `path` (for example `body.email`), if the API rejected it. */
  fieldError(path: string): string | undefined {
    return this.fieldErrors.find((fieldError) => fieldError.path === path)?.message;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/**
 * The code for a status that came without a problem body, read from the domain's one
 * code -> status table. `validation_failed` is skipped: it promises field errors we do not have.
 * Gateway failures (502, 504) mean the API is out of reach, like a 503.
 */
export const codeForStatus = (status: number): ErrorCode => {
  if (status === 502 || status === 504) return 'service_unavailable';
  const code = errorCodes.find(
    (candidate) => candidate !== 'validation_failed' && errorStatusByCode[candidate] === status,
  );
  if (code) return code;
  return status >= 500 ? 'internal_error' : 'bad_request';
};

export const titleForCode = (code: ErrorCode): string => errorTitleByCode[code];
