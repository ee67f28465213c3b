import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * The portals' builds load only their own files (no inline script or style: Vite emits none), so
 * the policy allows nothing else; every answer carries it, API answers included.
 */
export const contentSecurityPolicyDirectives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
};

type HeaderMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** The headers a middleware sets on an answer, which for helmet's static configuration never vary. */
const headersSetBy = (middleware: HeaderMiddleware): Record<string, string> => {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return headers;
};

/**
 * Security headers on every answer (helmet, the library @fastify/helmet wraps), and
 * `Cache-Control: no-store` on every answer that does not choose its caching: API answers carry
 * personal data and must not stay in caches. The headers are worked out once, at start, and then only
 * copied onto each answer: @fastify/helmet builds helmet's middleware anew for every request, which
 * halved the throughput of small answers (GET /health 40,000 → 21,600 req/s in `pnpm bench`).
 */
export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  const production = app.config.env === 'production';
  const securityHeaders = headersSetBy(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        // Over plain http (development), upgrading would break every request on localhost.
        directives: {
          ...contentSecurityPolicyDirectives,
          ...(production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // Browsers remember HSTS per host name: only the production host may pin https.
      strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control') && !reply.raw.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
});

/**
 * For answers sent before any route's hooks run (a URL the router cannot read, a request Node's parser
 * refuses): the same essentials.
 */
export const frameworkErrorHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
