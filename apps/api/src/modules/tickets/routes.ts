import { productEndpoints, ticketEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { slaSettingsOf } from '../sla/service';
import {
  addInternalNote,
  countVisibleTickets,
  createTicket,
  getCatalogue,
  getTicket,
  listEventsOfTicket,
  listVisibleTickets,
  replyToTicket,
  searchVisibleTickets,
} from './service';

// The reads check the session with their scoped transaction's opening statement (decision 009): one
// pool checkout and one round trip fewer per read.
export const ticketRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(
    app,
    productEndpoints.list,
    async (request) => getCatalogue(app.db, requireActor(request)),
    { deferredSessionCheck: true },
  );

  registerEndpoint(app, ticketEndpoints.create, async (request) =>
    createTicket(app.db, requireActor(request), request.body, request.idempotency, slaSettingsOf(app)),
  );

  registerEndpoint(
    app,
    ticketEndpoints.list,
    async (request) => listVisibleTickets(app.db, requireActor(request), request.query),
    { deferredSessionCheck: true },
  );

  registerEndpoint(
    app,
    ticketEndpoints.counts,
    async (request) => countVisibleTickets(app.db, requireActor(request), request.query),
    { deferredSessionCheck: true },
  );

  registerEndpoint(
    app,
    ticketEndpoints.search,
    async (request) => searchVisibleTickets(app.db, requireActor(request), request.query),
    { deferredSessionCheck: true },
  );

  registerEndpoint(
    app,
    ticketEndpoints.get,
    async (request) => getTicket(app.db, requireActor(request), request.params.ticketId),
    { deferredSessionCheck: true },
  );

  registerEndpoint(
    app,
    ticketEndpoints.events,
    async (request) =>
      listEventsOfTicket(app.db, requireActor(request), request.params.ticketId, request.query),
    { deferredSessionCheck: true },
  );

  registerEndpoint(app, ticketEndpoints.reply, async (request) =>
    replyToTicket(
      app.db,
      requireActor(request),
      request.params.ticketId,
      request.body.body,
      request.idempotency,
      slaSettingsOf(app),
    ),
  );

  registerEndpoint(app, ticketEndpoints.addNote, async (request) =>
    addInternalNote(
      app.db,
      requireActor(request),
      request.params.ticketId,
      request.body.body,
      request.idempotency,
    ),
  );
};
