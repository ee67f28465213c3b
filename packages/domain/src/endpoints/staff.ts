import { defineEndpoint } from '../endpoint';
import {
  OrganizationContactList,
  OrganizationParams,
  OrganizationSearchPage,
  OrganizationSearchQuery,
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
    summary: 'Customer organizations whose name contains `q` (any case), by name, up to 25 a page',
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
