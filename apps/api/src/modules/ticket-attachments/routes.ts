import { ticketAttachmentEndpoints, uploadEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { resumableUploads, sendBlob, uploadSettingsFrom } from '../../lib/uploads/index';
import {
  authorizeAttachmentUpload,
  findAttachmentToDownload,
  listTicketAttachments,
  recordAttachment,
} from './service';

/** Tickets' files: resumable uploads at `/v1/uploads` that become attachments, their list and download. */
export const ticketAttachmentRoutes: FastifyPluginAsync = async (app) => {
  const settings = uploadSettingsFrom(app.config);
  const { storage } = settings;
  app.addHook('onClose', async () => {
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

  registerEndpoint(app, ticketAttachmentEndpoints.content, async (request, reply) => {
    const { ticketId, attachmentId } = request.params;
    const blob = await findAttachmentToDownload(app.db, requireActor(request), ticketId, attachmentId);
    return sendBlob(reply, { storage, ...blob });
  });
};
