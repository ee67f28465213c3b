import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

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

/**
 * Security headers on every answer (@fastify/helmet), and `Cache-Control: no-store` on every answer
 * that does not choose its caching: API answers carry personal data and must not stay in caches.
 */
export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  const production = app.config.env === 'production';
  await app.register(fastifyHelmet, {
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
  });
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control') && !reply.raw.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
  });
});

/** For answers sent before any route's hooks run (a URL the router cannot read): the same essentials. */
export const securityHeadersForFrameworkErrors = (reply: FastifyReply): void => {
  reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cache-control', 'no-store');
};
