import { slaEndpoints, slaReportCsv } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import { getSlaReport } from './service';

export const slaRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, slaEndpoints.report, (request) =>
    getSlaReport(app.db, requireActor(request), request.query),
  );

  registerEndpoint(app, slaEndpoints.reportCsv, async (request, reply) => {
    const report = await getSlaReport(app.db, requireActor(request), request.query);
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="sla-report-${report.from}-to-${report.to}.csv"`);
    return slaReportCsv(report);
  });
};
