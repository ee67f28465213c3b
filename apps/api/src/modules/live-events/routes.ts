import { liveEventEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { announcePresence, liveEventReaderOf, runLiveStream } from './service';

/** `GET /v1/events`: the caller's live ticket events as server-sent events (docs/decisions/017-live-events.md). */
export const liveEventRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, liveEventEndpoints.stream, async (request, reply) => {
    const actor = requireActor(request);
    // Refused before the answer starts, so a refusal is an ordinary problem+json.
    liveEventReaderOf(actor);
    // The verified token's claims, with its expiry (seconds since the epoch).
    const claims = request.user as typeof request.user & { exp?: number };
    const header = request.headers['last-event-id'];
    const lastEventId = header !== undefined ? Number(header) : request.query.lastEventId;
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    reply.raw.flushHeaders();
    try {
      await runLiveStream(reply.raw, {
        hub: app.liveEvents,
        db: app.db,
        actor,
        sessionVersion: claims.sv,
        expiresAt: (claims.exp ?? 0) * 1000,
        heartbeatMs: app.config.liveEventsHeartbeatSeconds * 1000,
        lastEventId,
      });
    } catch (error) {
      request.log.error({ err: error }, 'live events: the stream failed');
      reply.raw.end();
    }
    return reply;
  });

  registerEndpoint(app, liveEventEndpoints.presence, async (request) => {
    await announcePresence(app.db, requireActor(request), request.params.ticketId, request.body.state);
    return null;
  });
};
