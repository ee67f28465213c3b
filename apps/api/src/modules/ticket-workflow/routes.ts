import { cannedReplyEndpoints, ticketWorkflowEndpoints as endpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { slaSettingsOf } from '../sla/service';
import {
  assignTicketTo,
  changeTicketCcs,
  changeTicketProduct,
  changeTicketSeverity,
  changeTicketStatus,
  changeTicketsInBulk,
  createCannedReply,
  listCannedRepliesPage,
  mergeTicket,
  removeCannedReply,
  rewriteCannedReply,
} from './service';

export const ticketWorkflowRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, endpoints.changeStatus, (request) =>
    changeTicketStatus(
      app.db,
      requireActor(request),
      request.params.ticketId,
      request.body,
      slaSettingsOf(app),
    ),
  );
  registerEndpoint(app, endpoints.changeSeverity, (request) =>
    changeTicketSeverity(
      app.db,
      requireActor(request),
      request.params.ticketId,
      request.body,
      slaSettingsOf(app),
    ),
  );
  registerEndpoint(app, endpoints.changeCcs, (request) =>
    changeTicketCcs(app.db, requireActor(request), request.params.ticketId, request.body),
  );
  registerEndpoint(app, endpoints.assign, (request) =>
    assignTicketTo(app.db, requireActor(request), request.params.ticketId, request.body),
  );
  registerEndpoint(app, endpoints.changeProduct, (request) =>
    changeTicketProduct(app.db, requireActor(request), request.params.ticketId, request.body),
  );
  registerEndpoint(app, endpoints.merge, (request) =>
    mergeTicket(app.db, requireActor(request), request.params.ticketId, request.body, slaSettingsOf(app)),
  );
  registerEndpoint(app, endpoints.bulk, (request) =>
    changeTicketsInBulk(app.db, requireActor(request), request.body, slaSettingsOf(app)),
  );

  registerEndpoint(app, cannedReplyEndpoints.list, (request) =>
    listCannedRepliesPage(app.db, requireActor(request), request.query),
  );
  registerEndpoint(app, cannedReplyEndpoints.create, (request) =>
    createCannedReply(app.db, requireActor(request), request.body, request.idempotency),
  );
  registerEndpoint(app, cannedReplyEndpoints.update, (request) =>
    rewriteCannedReply(app.db, requireActor(request), request.params.cannedReplyId, request.body),
  );
  registerEndpoint(app, cannedReplyEndpoints.remove, (request) =>
    removeCannedReply(app.db, requireActor(request), request.params.cannedReplyId),
  );
};
