import {
  type ErrorCode,
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

const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

export const sendProblem = (
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  errors?: FieldError[],
): FastifyReply => {
  const status = errorStatusByCode[code];
  const problem: Problem = {
    type: problemType(code),
    title: errorTitleByCode[code],
    status,
    code,
    ...(detail ? { detail } : {}),
    instance: request.url,
    requestId: request.id,
    ...(errors ? { errors } : {}),
  };
  return reply.status(status).type('application/problem+json').send(problem);
};

const isUniqueViolation = (error: unknown): boolean => {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
};

/** Every failure becomes RFC 9457 problem details; internals never leave the process. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof AppError) {
      return sendProblem(request, reply, error.code, error.detail, error.fieldErrors);
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
