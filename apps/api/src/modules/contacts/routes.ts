import { contactEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import {
  addContact,
  listColleagues,
  listContacts,
  removeContact,
  replaceAdministrativeContact,
  updateContact,
} from './service';

/** The organization's contacts, managed by its main contact. */
export const contactRoutes: FastifyPluginAsync = async (app) => {
  const deps = { db: app.db, config: app.config };

  registerEndpoint(app, contactEndpoints.list, async (request) =>
    listContacts(app.db, requireActor(request)),
  );

  registerEndpoint(app, contactEndpoints.listColleagues, async (request) =>
    listColleagues(app.db, requireActor(request)),
  );

  registerEndpoint(app, contactEndpoints.add, async (request) =>
    addContact(deps, requireActor(request), request.body, request.context, request.idempotency),
  );

  registerEndpoint(app, contactEndpoints.replaceAdministrative, async (request) =>
    replaceAdministrativeContact(deps, requireActor(request), request.body, request.context),
  );

  registerEndpoint(app, contactEndpoints.update, async (request) =>
    updateContact(app.db, requireActor(request), request.params.contactId, request.body, request.context),
  );

  registerEndpoint(app, contactEndpoints.remove, async (request) => {
    await removeContact(app.db, requireActor(request), request.params.contactId, request.context);
    return null;
  });
};
