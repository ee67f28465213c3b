import {
  AddContactRequest,
  Contact,
  ContactList,
  ReplaceAdministrativeContactRequest,
  UpdateContactRequest,
} from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../lib/require-actor';
import {
  addContact,
  listContacts,
  removeContact,
  replaceAdministrativeContact,
  updateContact,
} from './service';

const ContactParams = z.object({ contactId: z.uuid() });

/** The organization's contacts, managed by its main contact. */
export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = { db: app.db, config: app.config };

  app.get(
    '/contacts',
    {
      config: { access: { permission: 'contact:read:org' } },
      schema: {
        tags: ['contacts'],
        summary: "Your organization's current contacts and their roles",
        response: { 200: ContactList },
      },
    },
    async (request) => listContacts(app.db, requireActor(request)),
  );

  app.post(
    '/contacts',
    {
      config: { access: { permission: 'contact:manage:org' } },
      schema: {
        tags: ['contacts'],
        summary: 'Add a technical or the administrative contact, and invite them',
        description:
          "A technical contact fits only within the tier's named support accounts (the main contact " +
          'holds the first); beyond them, 409: request an additional technical contact. A second ' +
          'administrative contact is refused with 409: replace the administrative contact instead.',
        body: AddContactRequest,
        response: { 201: Contact },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addContact(deps, requireActor(request), request.body, request.context)),
  );

  app.put(
    '/contacts/administrative',
    {
      config: { access: { permission: 'contact:manage:org' } },
      schema: {
        tags: ['contacts'],
        summary: 'Make a new person the administrative contact',
        description:
          'The previous administrative contact loses the role; one left without any role is removed.',
        body: ReplaceAdministrativeContactRequest,
        response: { 200: Contact },
      },
    },
    async (request) =>
      replaceAdministrativeContact(deps, requireActor(request), request.body, request.context),
  );

  app.patch(
    '/contacts/:contactId',
    {
      config: { access: { permission: 'contact:manage:org' } },
      schema: {
        tags: ['contacts'],
        summary: "Update a contact's name, email or phone",
        params: ContactParams,
        body: UpdateContactRequest,
        response: { 200: Contact },
      },
    },
    async (request) =>
      updateContact(app.db, requireActor(request), request.params.contactId, request.body, request.context),
  );

  app.delete(
    '/contacts/:contactId',
    {
      config: { access: { permission: 'contact:manage:org' } },
      schema: {
        tags: ['contacts'],
        summary: 'Remove a contact at once: roles, sessions and API tokens end; history stays',
        description: 'The main contact cannot be removed (409): hand the role over first.',
        params: ContactParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeContact(app.db, requireActor(request), request.params.contactId, request.context);
      return reply.status(204).send(null);
    },
  );
};
