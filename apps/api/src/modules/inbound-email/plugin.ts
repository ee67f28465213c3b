import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { SMTPServer } from 'smtp-server';
import { createBlobStorage } from '../../lib/storage/index';
import { slaSettingsOf } from '../sla/service';
import { replyAddressSettingsOf } from '../ticket-emails/service';
import { receiveEmailReply } from './service';
import { startInboundSmtp, stopInboundSmtp } from './smtp-listener';

/**
 * The SMTP listener of replies by email, when configured (INBOUND_SMTP_PORT): it listens once the app is
 * ready and stops with it, so `server.close()` ends it as it ends the HTTP server.
 */
export const inboundEmailPlugin = fp(async (app: FastifyInstance) => {
  const { config } = app;
  const replyAddresses = replyAddressSettingsOf(config.inboundEmail);
  const port = config.inboundEmail.smtpPort;
  if (!replyAddresses || port === undefined) return;
  const settings = {
    storage: createBlobStorage(config),
    attachmentMaxBytes: config.attachments.maxBytes,
    sla: () => slaSettingsOf(app),
  };
  const log = app.log.child({ module: 'inbound-email' });
  let server: SMTPServer | undefined;
  app.addHook('onReady', async () => {
    server = await startInboundSmtp({
      host: config.host,
      port,
      maxBytes: config.inboundEmail.maxBytes,
      replyAddresses,
      receive: (reply) => receiveEmailReply(app.db, settings, reply),
      log,
    });
  });
  app.addHook('onClose', async () => {
    if (server) await stopInboundSmtp(server);
  });
});
