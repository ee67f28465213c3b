import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './errors';

/** The path of the first string (value or key) holding a NUL character, or undefined. */
const findNul = (value: unknown, path: string, depth = 0): string | undefined => {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  // The body limit bounds the work; the depth bound keeps the walk off the stack's edge.
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}.${key}`;
    if (key.includes('\u0000')) return itemPath;
    const found = findNul(item, itemPath, depth + 1);
    if (found) return found;
  }
  return undefined;
};

/**
 * Refuses NUL characters in any string of the body, query or path for every route: PostgreSQL
 * cannot store them in text, and no field of the product has a use for them.
 */
export const inputPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request, reply) => {
    const path =
      findNul(request.params, 'params') ??
      findNul(request.query, 'querystring') ??
      findNul(request.body, 'body');
    if (path) {
      return sendProblem(request, reply, 'validation_failed', 'A field contains a NUL character', [
        { path, message: 'must not contain NUL characters' },
      ]);
    }
  });
});
