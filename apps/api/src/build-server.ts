import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { type AppOptions, app } from './app';

/** The Fastify instance with the logging and limits every deployment uses, with the app registered. */
export const buildServer = async (options: AppOptions): Promise<FastifyInstance> => {
  const server = Fastify({
    logger:
      options.config.logLevel === 'silent'
        ? false
        : {
            level: options.config.logLevel,
            // Credentials never reach the logs.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Graceful shutdown: responses finishing after close() starts also close their keep-alive
  // connection, so close() returns once in-flight requests are done instead of waiting for clients.
  let closing = false;
  server.addHook('preClose', async () => {
    closing = true;
  });
  server.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  await server.register(app, options);
  return server;
};
