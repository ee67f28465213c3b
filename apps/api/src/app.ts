import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { Config } from './config';
import type { Database } from './db/client';
import { idempotencyPlugin } from './lib/idempotency';
import { requestContextPlugin } from './lib/request-context';
import { contractSerializerCompiler } from './lib/response-serializer';
import { alertRoutes } from './modules/alerts/routes';
import { apiTokenRoutes } from './modules/api-tokens/routes';
import { auditRoutes } from './modules/audit/routes';
import { authRoutes } from './modules/auth/routes';
import { changeRequestRoutes } from './modules/change-requests/routes';
import { communicationRoutes } from './modules/communications/routes';
import { contactRequestRoutes } from './modules/contact-requests/routes';
import { contactRoutes } from './modules/contacts/routes';
import { healthRoutes } from './modules/health/routes';
import { inboundEmailPlugin } from './modules/inbound-email/plugin';
import { invoiceRoutes } from './modules/invoices/routes';
import { LiveEventHub } from './modules/live-events/hub';
import { liveEventRoutes } from './modules/live-events/routes';
import { orderFormRoutes } from './modules/order-forms/routes';
import { organizationRoutes } from './modules/organizations/routes';
import { overviewRoutes } from './modules/overview/routes';
import { partnerRoutes } from './modules/partners/routes';
import { questionRoutes } from './modules/questions/routes';
import { slaRoutes } from './modules/sla/routes';
import { staffDirectoryRoutes } from './modules/staff-directory/routes';
import { subscriptionRoutes } from './modules/subscriptions/routes';
import { ticketAttachmentRoutes } from './modules/ticket-attachments/routes';
import { ticketRatingRoutes } from './modules/ticket-ratings/routes';
import { ticketWorkflowRoutes } from './modules/ticket-workflow/routes';
import { ticketRoutes } from './modules/tickets/routes';
import { tierRoutes } from './modules/tiers/routes';
import { webhookRoutes } from './modules/webhooks/routes';
import { accessPlugin } from './plugins/access';
import { errorsPlugin } from './plugins/errors';
import { inputPlugin } from './plugins/input';
import { openapiPlugin } from './plugins/openapi';
import { requestLimitsPlugin } from './plugins/request-limits';
import { securityHeadersPlugin } from './plugins/security-headers';
import { spaPlugin } from './plugins/spa';

export interface AppOptions {
  config: Config;
  db: Database;
  /**
   * Direct connections for what needs a session (the live events' LISTEN) when `db` goes through a
   * transaction-mode pooler: DatabaseHandle.sessionPool. `db`'s own pool when not given.
   */
  sessionPool?: pg.Pool;
  /** Serve the SPAs' production builds (the start command); tests of the API leave it off. */
  serveSpas?: boolean;
  /**
   * The time of day as the SLA clock reads it (due times, pauses, solves): the system's, unless a test
   * sets its own to open and answer tickets at chosen moments. Sign-in and tokens keep the system's.
   */
  clock?: () => Date;
  /** The time the request limits' windows read (milliseconds): the system's, unless a test moves it on. */
  requestLimitClock?: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    /** This process's one LISTEN connection and its connected live event streams. */
    liveEvents: LiveEventHub;
    clock: () => Date;
  }
}

/** The whole API as one Fastify plugin: cross-cutting plugins first, then the modules. */
export const app = fp(async (fastify: FastifyInstance, options: AppOptions) => {
  fastify.setValidatorCompiler(validatorCompiler);
  // Only the contract's fields leave; the tests also check every response against its schema.
  fastify.setSerializerCompiler(contractSerializerCompiler({ validate: options.config.env === 'test' }));
  fastify.decorate('db', options.db);
  fastify.decorate('config', options.config);
  fastify.decorate('clock', options.clock ?? (() => new Date()));
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await fastify.register(errorsPlugin);
  await fastify.register(requestContextPlugin);
  await fastify.register(idempotencyPlugin);
  await fastify.register(securityHeadersPlugin);
  await fastify.register(inputPlugin);
  await fastify.register(fastifyCookie);
  await fastify.register(accessPlugin, { jwtSecret: options.config.jwtSecret, db: options.db });
  // After access: its hooks read the credential the access plugin verified.
  await fastify.register(requestLimitsPlugin, {
    limits: options.config.requestLimits,
    ...(options.requestLimitClock ? { now: options.requestLimitClock } : {}),
  });
  await fastify.register(openapiPlugin);

  // Started with the app; its streams end before the server closes (they would hold it open), and its
  // connection after.
  const liveEvents = new LiveEventHub(options.db, fastify.log, options.sessionPool?.options);
  fastify.decorate('liveEvents', liveEvents);
  fastify.addHook('onReady', async () => liveEvents.start());
  fastify.addHook('preClose', async () => liveEvents.endAll('server_closing'));
  fastify.addHook('onClose', async () => liveEvents.close());

  await fastify.register(healthRoutes);
  await fastify.register(
    async (v1) => {
      await v1.register(authRoutes);
      await v1.register(apiTokenRoutes);
      await v1.register(auditRoutes);
      await v1.register(orderFormRoutes);
      await v1.register(organizationRoutes);
      await v1.register(tierRoutes);
      await v1.register(subscriptionRoutes);
      await v1.register(contactRoutes);
      await v1.register(contactRequestRoutes);
      await v1.register(questionRoutes);
      await v1.register(changeRequestRoutes);
      await v1.register(communicationRoutes);
      await v1.register(partnerRoutes);
      await v1.register(invoiceRoutes);
      await v1.register(ticketRoutes);
      await v1.register(ticketWorkflowRoutes);
      await v1.register(ticketAttachmentRoutes);
      await v1.register(ticketRatingRoutes);
      await v1.register(alertRoutes);
      await v1.register(staffDirectoryRoutes);
      await v1.register(liveEventRoutes);
      await v1.register(slaRoutes);
      await v1.register(overviewRoutes);
      await v1.register(webhookRoutes);
    },
    { prefix: '/v1' },
  );
  // Replies by email: an SMTP listener beside the HTTP server, when INBOUND_SMTP_PORT is set.
  await fastify.register(inboundEmailPlugin);
  if (options.serveSpas) await fastify.register(spaPlugin);
});
