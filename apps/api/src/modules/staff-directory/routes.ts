import { staffEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import {
  getOrganizationForStaff,
  listOrganizationContacts,
  listStaffDirectory,
  searchOrganizations,
} from './service';

export const staffDirectoryRoutes: FastifyPluginAsync = async (app) => {
  registerEndpoint(app, staffEndpoints.listMembers, async (request) =>
    listStaffDirectory(app.db, requireActor(request), request.query),
  );
  registerEndpoint(app, staffEndpoints.searchOrganizations, async (request) =>
    searchOrganizations(app.db, requireActor(request), request.query),
  );
  registerEndpoint(app, staffEndpoints.getOrganization, async (request) =>
    getOrganizationForStaff(app.db, requireActor(request), request.params.organizationId),
  );
  registerEndpoint(app, staffEndpoints.listOrganizationContacts, async (request) =>
    listOrganizationContacts(app.db, requireActor(request), request.params.organizationId),
  );
};
