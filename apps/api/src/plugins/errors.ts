import {
  type ErrorCode,
  errorCodes,
  errorStatusByCode,
  errorTitleByCode,
  type FieldError,
  PermissionDeniedError,
  type Problem,
  problemType,
} from '@portals/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/app-error';
import { RateLimitedError } from '../lib/rate-limit';

/**
 * For errors thrown with only a status (Fastify's own): read from the domain's one table, so the two
 * never disagree. Two codes have their own handlers and never stand for a bare status: a validation
 * failure carries field errors, and an unknown route is answered by the not-found handler.
 */
const codesWithOwnHandlers: readonly ErrorCode[] = ['validation_failed', 'route_not_found'];
const codeByStatus: Partial<Record<number, ErrorCode>> = {};
for (const code of errorCodes) {
  if (!codesWithOwnHandlers.includes(code)) codeByStatus[errorStatusByCode[code]] ??= code;
}

/** Field paths are relative to their location in services; the answer names the location too. */
const locatedFieldErrors = (error: AppError): FieldError[] | undefined =>
  error.fieldErrors?.map((fieldError) => ({ ...fieldError, path: `${error.location}.${fieldError.path}` }));

/** The problem+json body for `code`: one shape for every failure, wherever it is answered. */
export const problemOf = (
  code: ErrorCode,
  detail: string | undefined,
  where: { requestId: string; instance?: string; errors?: FieldError[] | undefined },
): Problem => ({
  type: problemType(code),
  title: errorTitleByCode[code],
  status: errorStatusByCode[code],
  code,
  ...(detail ? { detail } : {}),
  ...(where.instance ? { instance: where.instance } : {}),
  requestId: where.requestId,
  ...(where.errors ? { errors: where.errors } : {}),
});

export const sendProblem = (
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  errors?: FieldError[],
): FastifyReply =>
  reply
    .status(errorStatusByCode[code])
    .type('application/problem+json')
    .send(problemOf(code, detail, { instance: request.url, requestId: request.id, errors }));

/** An error and the errors that caused it, outermost first (the driver's error is often a cause). */
const causesOf = (error: unknown): { code?: unknown; message?: unknown }[] => {
  const causes: { code?: unknown; message?: unknown }[] = [];
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    causes.push(current as { code?: unknown; message?: unknown });
  }
  return causes;
};

const isUniqueViolation = (error: unknown): boolean =>
  causesOf(error).some((cause) => cause.code === '23505');

/** A rule of the database about an object's state (an issued invoice never changes): a refused transition. */
const isStateRuleViolation = (error: unknown): boolean =>
  causesOf(error).some((cause) => cause.code === '55000');

/** Text PostgreSQL cannot store (a NUL byte, an invalid sequence): the client's input, not our failure. */
const isUnstorableText = (error: unknown): boolean =>
  causesOf(error).some((cause) => cause.code === '22021' || cause.code === '22P05');

// Codes of a database that is down, restarting or unreachable: connection exceptions (08xxx),
// admin or crash shutdown and "cannot connect now" (57P01-57P03), too many connections (53300).
const databaseUnavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
// node-postgres's own words for a connection that dropped, or a client used after its connection failed.
const databaseUnavailableMessage =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** The cause showing that the database could not be reached, if that is why the request failed. */
const databaseUnavailableCause = (error: unknown): { code?: string; message?: string } | undefined => {
  for (const { code, message } of causesOf(error)) {
    if (typeof code === 'string' && (databaseUnavailableCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
      return { code, message: typeof message === 'string' ? message : undefined };
    }
    if (typeof message === 'string' && databaseUnavailableMessage.test(message)) return { message };
  }
  return undefined;
};

/** Whether `error` comes from a database that is down, restarting or unreachable (a 503, not a 500). */
export const isDatabaseUnavailable = (error: unknown): boolean =>
  databaseUnavailableCause(error) !== undefined;

/** The detail of every 503 a database outage causes. */
export const databaseUnavailableDetail = 'The database is unavailable for a moment; retry shortly.';

/** Every failure becomes RFC 9457 problem details; internals never leave the process. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof AppError) {
      return sendProblem(request, reply, error.code, error.detail, locatedFieldErrors(error));
    }
    if (error instanceof PermissionDeniedError) {
      return sendProblem(request, reply, 'forbidden', `You do not have the permission ${error.permission}`);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => ({
        path: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is not valid',
      }));
      return sendProblem(
        request,
        reply,
        'validation_failed',
        `${errors.length} field${errors.length === 1 ? '' : 's'} failed validation`,
        errors,
      );
    }
    // Two requests racing past a service's own check meet the database's unique index: still a 409.
    if (isUniqueViolation(error)) {
      return sendProblem(request, reply, 'conflict', 'This conflicts with something that already exists');
    }
    if (isStateRuleViolation(error)) {
      return sendProblem(
        request,
        reply,
        'invalid_transition',
        'This changed meanwhile and can no longer be done',
      );
    }
    if (isUnstorableText(error)) {
      return sendProblem(request, reply, 'bad_request', 'The request holds text that cannot be stored');
    }
    // A database restart or outage is temporary: tell clients to retry, not that we broke.
    const unavailable = databaseUnavailableCause(error);
    if (unavailable) {
      // Only the driver's code and message: the wrapping error would quote the query and its values.
      request.log.warn({ cause: unavailable }, 'database unavailable');
      reply.header('retry-after', '2');
      return sendProblem(request, reply, 'service_unavailable', databaseUnavailableDetail);
    }
    const status = error.statusCode ?? 500;
    const code =
      status < 500 ? (codeByStatus[status] ?? 'bad_request') : status === 503 ? codeByStatus[503] : undefined;
    if (code) return sendProblem(request, reply, code, error.message);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      'internal_error',
      `Something went wrong on our side. If it persists, contact support quoting request id ${request.id}.`,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      'route_not_found',
      `There is no route ${request.method} ${request.url.split('?')[0]}`,
    ),
  );
});
