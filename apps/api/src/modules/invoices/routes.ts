import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { invoiceEndpoints, receivablesCsv, statementEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { acceptsGzip } from '../../lib/accepts-gzip';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import {
  createDraft,
  creditInvoice,
  generateStatement,
  getAccountCredit,
  getInvoice,
  getInvoicePdf,
  getReceivables,
  getStatement,
  getStatementDownload,
  issue,
  listAccountStatements,
  listInvoices,
  recordPayment,
  refundCredit,
  removeDraft,
  updateDraft,
  voidIssued,
} from './service';

const gunzipAsync = promisify(gunzip);

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
    createDraft(app.db, requireActor(request), request.body, request.idempotency, app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.updateDraft, async (request) =>
    updateDraft(app.db, requireActor(request), request.params.invoiceId, request.body, app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.deleteDraft, async (request) => {
    await removeDraft(app.db, requireActor(request), request.params.invoiceId);
    return null;
  });

  const mail = { publicUrl: app.config.publicUrl, issuer: app.config.invoiceIssuer };

  registerEndpoint(app, invoiceEndpoints.issue, async (request) =>
    issue(app.db, requireActor(request), request.params.invoiceId, request.body, app.clock(), mail),
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
      request.idempotency,
      app.clock(),
      mail,
    ),
  );

  registerEndpoint(app, statementEndpoints.generate, async (request) =>
    generateStatement(
      app.db,
      requireActor(request),
      request.body,
      app.config.invoiceIssuer,
      request.idempotency,
    ),
  );

  registerEndpoint(app, statementEndpoints.list, async (request) =>
    listAccountStatements(app.db, requireActor(request), request.query),
  );

  registerEndpoint(app, statementEndpoints.get, async (request) =>
    getStatement(app.db, requireActor(request), request.params.statementId, request.query),
  );

  registerEndpoint(app, statementEndpoints.csv, async (request, reply) => {
    const { fileName, body, gzipped } = await getStatementDownload(
      app.db,
      requireActor(request),
      request.params.statementId,
      'csv',
    );
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('vary', 'accept-encoding');
    if (!gzipped) return body;
    // Kept gzipped: sent as kept to a client that accepts it (browsers do), unpacked for one that does not.
    if (acceptsGzip(request.headers['accept-encoding'])) {
      reply.header('content-encoding', 'gzip');
      return body;
    }
    return gunzipAsync(body);
  });

  registerEndpoint(app, statementEndpoints.pdf, async (request, reply) => {
    const { fileName, body } = await getStatementDownload(
      app.db,
      requireActor(request),
      request.params.statementId,
      'pdf',
    );
    reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`);
    return body;
  });

  registerEndpoint(app, invoiceEndpoints.issueCreditNote, async (request) =>
    creditInvoice(
      app.db,
      requireActor(request),
      request.params.invoiceId,
      request.body,
      request.idempotency,
      app.clock(),
    ),
  );

  registerEndpoint(app, invoiceEndpoints.accountCredit, async (request) =>
    getAccountCredit(app.db, requireActor(request), request.query.organizationId),
  );

  registerEndpoint(app, invoiceEndpoints.recordRefund, async (request) =>
    refundCredit(
      app.db,
      requireActor(request),
      request.params.organizationId,
      request.body,
      request.idempotency,
    ),
  );

  registerEndpoint(app, invoiceEndpoints.receivables, async (request) =>
    getReceivables(app.db, requireActor(request), request.query, app.clock()),
  );

  registerEndpoint(app, invoiceEndpoints.receivablesCsv, async (request, reply) => {
    const receivables = await getReceivables(app.db, requireActor(request), request.query, app.clock());
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="receivables-${receivables.asOf}.csv"`);
    return receivablesCsv(receivables);
  });
};
