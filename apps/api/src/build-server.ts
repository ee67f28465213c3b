import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { errorStatusByCode, errorTitleByCode } from '@portals/domain';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import pino from 'pino';
import { type AppOptions, app } from './app';
import { problemOf, sendProblem } from './plugins/errors';
import { frameworkErrorHeaders } from './plugins/security-headers';

/** A client's request id is kept (to follow a request across systems) only when short and plain. */
const plainRequestId = /^[A-Za-z0-9._-]{1,64}$/;

const requestIdOf = (request: IncomingMessage): string => {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && plainRequestId.test(sent) ? sent : randomUUID();
};

/**
 * Failures Node's HTTP parser meets before Fastify sees a request (headers too large, garbage):
 * a minimal problem+json written on the socket, since there is no request to answer through.
 */
const answerClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const headersTooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const code = headersTooLarge ? 'headers_too_large' : 'bad_request';
  const requestId = randomUUID();
  const body = JSON.stringify(
    problemOf(code, headersTooLarge ? 'The request headers are too large' : 'The request could not be read', {
      requestId,
    }),
  );
  const headers = {
    ...frameworkErrorHeaders,
    'content-type': 'application/problem+json',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    connection: 'close',
  };
  const head = [
    `HTTP/1.1 ${errorStatusByCode[code]} ${errorTitleByCode[code]}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
};

/** Query parameters that are credentials (a download link's token): logged as `[Redacted]`. */
const secretQueryParameters = new Set(['token']);

/** The URL as logs show it: the path and the query, with every credential's value replaced. */
export const loggableUrl = (url: string): string => {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replaceAll('+', ' '));
      } catch {
        // A name that does not decode is redacted: it might be a mangled credential's.
        return `${name}=[Redacted]`;
      }
      return secretQueryParameters.has(decoded.toLowerCase()) ? `${name}=[Redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
};

export interface ServerLogOptions {
  /** Where log lines go instead of standard output (tests read them). */
  stream?: { write(line: string): void };
}

/**
 * Standard output written asynchronously, in writes of at least 4 KB (about a dozen lines) instead of one
 * per line: each write is a thread hand-off and a system call, on the bench machine a tenth of a read's
 * time (decision 016). What is held leaves within a second when traffic is light, and when the process
 * exits (pino flushes it).
 */
const bufferedStandardOutput = () => {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => {
    // Nothing held, or a write under way (it takes the rest with it): nothing to do.
    try {
      stream.flush();
    } catch {
      // Not ready yet, or being written: the next tick tries again.
    }
  }, 1000).unref();
  return stream;
};

/** The instance with the logging and limits every deployment uses, with the app registered. */
export const buildServer = async (
  options: AppOptions,
  log: ServerLogOptions = {},
): Promise<FastifyInstance> => {
  const server = Fastify({
    logger:
      options.config.logLevel === 'silent'
        ? false
        : {
            level: options.config.logLevel,
            // Credentials never reach the logs.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: {
              req: (request: FastifyRequest) => ({
                method: request.method,
                url: loggableUrl(request.url),
                host: request.host,
                remoteAddress: request.ip,
                remotePort: request.socket?.remotePort,
              }),
            },
            stream: log.stream ?? bufferedStandardOutput(),
          },
    // One line per request, when it is answered, instead of two.
    // Errors are logged by the app's own error handler (plugins/errors.ts).
    logController: new LogController({ disableRequestLogging: true }),
    // Read by genReqId, which refuses ids that would pollute logs (newlines, long strings).
    requestIdHeader: false,
    genReqId: requestIdOf,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    clientErrorHandler: answerClientError,
    // Failures in routing, before any route's hooks run: the same problem+json as everywhere.
    frameworkErrors: (error: FastifyError, request, reply) => {
      reply.headers(frameworkErrorHeaders);
      reply.header('x-request-id', request.id);
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return sendProblem(request, reply, 'uri_too_long', 'A part of the URL is too long');
      }
      return sendProblem(request, reply, 'bad_request', 'The URL is not valid');
    },
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
  server.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
  await server.register(app, options);
  return server;
};
