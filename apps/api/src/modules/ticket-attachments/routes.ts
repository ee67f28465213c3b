import { type TicketAttachmentParams, ticketAttachmentEndpoints, uploadEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { resumableUploads, sendBlob, UploadArea, uploadSettingsFrom } from '../../lib/uploads/index';
import { downloadLinks } from './download-links';
import {
  authorizeAttachmentUpload,
  createDownloadLink,
  findAttachmentToDownload,
  listTicketAttachments,
  recordAttachment,
} from './service';

const abandonedAfterMs = 24 * 60 * 60 * 1000;
const cleanUpEveryMs = 60 * 60 * 1000;

/** Tickets' files: resumable uploads at `/v1/uploads` that become attachments, their list and download. */
export const ticketAttachmentRoutes: FastifyPluginAsync = async (app) => {
  const settings = uploadSettingsFrom(app.config);
  const { storage } = settings;
  // Uploads started a day ago and never finished are abandoned: each process clears its own folder.
  const inProgress = new UploadArea(settings.inProgressFolder);
  const cleanUp = setInterval(() => {
    inProgress.removeStartedBefore(new Date(Date.now() - abandonedAfterMs)).catch((error: unknown) => {
      app.log.warn({ err: error }, 'Could not remove abandoned uploads');
    });
  }, cleanUpEveryMs);
  cleanUp.unref();
  app.addHook('onClose', async () => {
    clearInterval(cleanUp);
    if ('destroy' in storage && typeof storage.destroy === 'function') storage.destroy();
  });

  await app.register(resumableUploads, {
    prefix: '/uploads',
    ...settings,
    endpoints: uploadEndpoints,
    authorizeUpload: (metadata, request) =>
      authorizeAttachmentUpload(app.db, requireActor(request), metadata),
    onUploadComplete: (upload, request) => recordAttachment(app.db, requireActor(request), upload),
  });

  registerEndpoint(app, ticketAttachmentEndpoints.list, async (request) =>
    listTicketAttachments(app.db, requireActor(request), request.params.ticketId),
  );

  const links = downloadLinks(app.config.jwtSecret);
  registerEndpoint(app, ticketAttachmentEndpoints.downloadLink, async (request) => {
    const { ticketId, attachmentId } = request.params;
    return createDownloadLink(app.db, links, requireActor(request), request.user, ticketId, attachmentId);
  });

  registerEndpoint(
    app,
    ticketAttachmentEndpoints.content,
    async (request, reply) => {
      const { ticketId, attachmentId } = request.params;
      // With a link, the holder's access is checked here as it is now (sharing may be off since).
      const blob = await findAttachmentToDownload(app.db, requireActor(request), ticketId, attachmentId);
      return sendBlob(reply, { storage, ...blob });
    },
    // Params are not validated yet when this runs: a link only matches the ids it was signed for.
    { signedLink: (token, request) => links.verify(token, request.params as TicketAttachmentParams) },
  );
};
