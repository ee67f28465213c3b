import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import {
  AddContactRequest,
  ColleagueList,
  Contact,
  ContactList,
  ReplaceAdministrativeContactRequest,
  UpdateContactRequest,
} from '../schemas/contact';

const ContactParams = z.object({ contactId: z.uuid() });

/** The organization's contacts, managed by its main contact. */
export const contactEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/contacts',
    response: { 200: ContactList },
    access: { permission: 'contact:read:org' },
    tags: ['contacts'],
    summary: "Your organization's current contacts and their roles, and its seats in use",
    description:
      'Seats (named Support Portal accounts) are counted by the one definition staff see too: current, ' +
      'active contacts holding the main or the technical role, invited or signed in; a pending request ' +
      'holds none. `available` is what the main contact may still add without asking staff.',
  }),
  listColleagues: defineEndpoint({
    method: 'GET',
    path: '/v1/contacts/colleagues',
    response: { 200: ColleagueList },
    access: { permission: 'ticket:write:own' },
    tags: ['contacts'],
    summary: "The names of your organization's other contacts, to copy on a ticket",
    description: 'Names only: no email or phone, for contacts who may not read the list of contacts.',
  }),
  add: defineEndpoint({
    method: 'POST',
    path: '/v1/contacts',
    idempotent: true,
    body: AddContactRequest,
    response: { 201: Contact },
    access: { permission: 'contact:manage:org' },
    tags: ['contacts'],
    summary: 'Add a technical or the administrative contact, and invite them',
    description:
      "A technical contact fits only within the tier's named support accounts (the main contact " +
      'holds the first); beyond them, 409: request an additional technical contact. A second ' +
      'administrative contact is refused with 409: replace the administrative contact instead.',
  }),
  replaceAdministrative: defineEndpoint({
    method: 'PUT',
    path: '/v1/contacts/administrative',
    body: ReplaceAdministrativeContactRequest,
    response: { 200: Contact },
    access: { permission: 'contact:manage:org' },
    tags: ['contacts'],
    summary: 'Make a new person the administrative contact',
    description: 'The previous administrative contact loses the role; one left without any role is removed.',
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/v1/contacts/:contactId',
    params: ContactParams,
    body: UpdateContactRequest,
    response: { 200: Contact },
    access: { permission: 'contact:manage:org' },
    tags: ['contacts'],
    summary: "Update a contact's name, email or phone",
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/v1/contacts/:contactId',
    params: ContactParams,
    response: { 204: z.null() },
    access: { permission: 'contact:manage:org' },
    tags: ['contacts'],
    summary: 'Remove a contact at once: roles, sessions and API tokens end; history stays',
    description: 'The main contact cannot be removed (409): hand the role over first.',
  }),
};
