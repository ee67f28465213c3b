import { invoiceEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import {
  createDraft,
  getInvoice,
  getInvoicePdf,
  issue,
  listInvoices,
  recordPayment,
  removeDraft,
  updateDraft,
  voidIssued,
} from './service';

export const invoiceRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, invoiceEndpoints.list, async (request) =>
    listInvoices(app.db, requireActor(request), request.query, app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.get, async (request) =>
    getInvoice(app.db, requireActor(request), request.params.invoiceId, app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.pdf, async (request, reply) => {
    const { fileName, bytes } = await getInvoicePdf(
      app.db,
      requireActor(request),
      request.params.invoiceId,
      app.config.invoiceIssuer,
      app.clock(),
    );
    reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`);
    return bytes;
  });

  registerEndpoint(app, invoiceEndpoints.createDraft, async (request) =>
    createDraft(app.db, requireActor(request), request.body, request.headers['idempotency-key'], app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.updateDraft, async (request) =>
    updateDraft(app.db, requireActor(request), request.params.invoiceId, request.body, app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.deleteDraft, async (request) => {
    await removeDraft(app.db, requireActor(request), request.params.invoiceId);
    return null;
  });

  registerEndpoint(app, invoiceEndpoints.issue, async (request) =>
    issue(app.db, requireActor(request), request.params.invoiceId, request.body, app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.void, async (request) =>
    voidIssued(app.db, requireActor(request), request.params.invoiceId, request.body, app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.recordPayment, async (request) =>
    recordPayment(
      app.db,
      requireActor(request),
      request.params.invoiceId,
      request.body,
      request.headers['idempotency-key'],
      app.clock(),
    ),
  );
};
