import { defineEndpoint } from '../endpoint';
import {
  OrganizationContactList,
  OrganizationParams,
  OrganizationSearchPage,
  OrganizationSearchQuery,
  StaffOrganization,
} from '../schemas/organization';
import { StaffMemberPage, StaffMemberQuery } from '../schemas/staff';

/** The staff's own directory: staff who work tickets or look after customers. */
const staffReaders = { anyPermission: ['ticket:read:any', 'organization:read:any'] } as const;

export const staffEndpoints = {
  listMembers: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/members',
    query: StaffMemberQuery,
    response: { 200: StaffMemberPage },
    access: staffReaders,
    tags: ['staff'],
    summary:
      "The vendor's staff by name, a page at a time; `assignable=true`: those tickets can be assigned to",
  }),
  searchOrganizations: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/organizations',
    query: OrganizationSearchQuery,
    response: { 200: OrganizationSearchPage },
    access: { permission: 'organization:read:any' },
    tags: ['staff'],
    summary: 'The organization directory: by name, up to 25 a page, found by `q` and filtered',
    description:
      "`q` (any case; `%` and `_` match themselves) is a part of the name, of a current contact's name " +
      'or email, or of an Order Form number. `kind`: `customer` (direct), `end_user` (registered by a ' +
      'partner) or `partner`; `tier`: the highest active tier; `subscriptionStatus`: holds a subscription ' +
      'in that status; `renewalWithinDays`: holds an active subscription ending within that many days.',
  }),
  getOrganization: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/organizations/:organizationId',
    params: OrganizationParams,
    response: { 200: StaffOrganization },
    access: { permission: 'organization:read:any' },
    tags: ['staff'],
    summary: 'An organization as staff open it: its contacts with their roles, seat use and Order Forms',
  }),
  listOrganizationContacts: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/organizations/:organizationId/contacts',
    params: OrganizationParams,
    response: { 200: OrganizationContactList },
    access: { permission: 'ticket:work:any' },
    tags: ['staff'],
    summary: "An organization's current contacts by name: whom staff can copy on its tickets",
  }),
};
