import type { Actor } from '@portals/domain';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';

/** The authenticated caller of a non-public route (the access plugin has verified the token). */
export const requireActor = (request: FastifyRequest): Actor => {
  if (!request.actor) throw new AppError('unauthenticated', 'A valid access token is required');
  return request.actor;
};
