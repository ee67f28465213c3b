import { ticketRatingEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { privileged } from '../../db/scope';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { getRatingReport, rateTicket, rateTicketByLink } from './service';

export const ticketRatingRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, ticketRatingEndpoints.rate, async (request) =>
    rateTicket(app.db, requireActor(request), request.params.ticketId, request.body),
  );

  // Public: the link's token is the credential. One-time token look-ups take the privileged path.
  registerEndpoint(app, ticketRatingEndpoints.rateByLink, async (request) =>
    rateTicketByLink({ db: privileged(app.db), config: app.config }, request.body, request.context),
  );

  registerEndpoint(
    app,
    ticketRatingEndpoints.report,
    async (request) => getRatingReport(app.db, requireActor(request), request.query),
    { deferredSessionCheck: true },
  );
};
