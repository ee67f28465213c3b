import { defineEndpoint } from '../endpoint';
import {
  ChangeRequest,
  ChangeRequestPage,
  ChangeRequestParams,
  CreateChangeRequestRequest,
  DeclineChangeRequestRequest,
  RegisterEndUserRequest,
  RequestPartnerLevelUpgradeRequest,
  StaffChangeRequestPage,
  StaffChangeRequestQuery,
} from '../schemas/change-request';
import { PageQuery } from '../schemas/pagination';
import { SubscriptionParams } from '../schemas/subscription';

/**
 * Change notifications: a main or administrative contact tells the vendor of additional servers, an
 * additional service or a tier change; account managers and administrators decide (decision 035).
 */
export const changeRequestEndpoints = {
  create: defineEndpoint({
    method: 'POST',
    path: '/v1/subscriptions/:subscriptionId/change-requests',
    problems: ['invalid_reference'],
    idempotent: true,
    params: SubscriptionParams,
    body: CreateChangeRequestRequest,
    response: { 201: ChangeRequest },
    access: { permission: 'change_request:create:org' },
    tags: ['subscriptions'],
    summary: 'Notify additional servers, an additional service or a tier change for a subscription',
    description:
      'The request starts as submitted; staff review it. Another organization’s subscription answers 404.',
  }),
  registerEndUser: defineEndpoint({
    method: 'POST',
    path: '/v1/partner/end-user-registrations',
    idempotent: true,
    body: RegisterEndUserRequest,
    response: { 201: ChangeRequest },
    access: { permission: 'end_user:register:org' },
    tags: ['partners'],
    summary: 'Register an end-user subscription: staff approve it and its Order Form is processed',
    description:
      'A change request of the kind end_user_registration. On approval the end-user organization, its ' +
      'subscription and main contact are made by the same processing as an Order Form (both Welcome ' +
      'emails), registered by your organization. Only partner organizations register end users (403).',
  }),
  requestPartnerLevelUpgrade: defineEndpoint({
    method: 'POST',
    path: '/v1/partner/level-upgrades',
    idempotent: true,
    body: RequestPartnerLevelUpgradeRequest,
    response: { 201: ChangeRequest },
    access: { permission: 'partner_level:request:org' },
    tags: ['partners'],
    summary: 'Request a higher partner level, with a justification',
    description:
      'A change request of the kind partner_level_upgrade; the level must be above the current one. On ' +
      'approval the partner level changes. Only partner organizations ask (403).',
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/change-requests',
    query: PageQuery,
    response: { 200: ChangeRequestPage },
    access: { permission: 'change_request:read:org' },
    tags: ['subscriptions'],
    summary: "Your organization's change requests with their states, newest first",
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/v1/change-requests/:requestId',
    params: ChangeRequestParams,
    response: { 200: ChangeRequest },
    access: { permission: 'change_request:read:org' },
    tags: ['subscriptions'],
    summary: "One of your organization's change requests: who asked, when, the decision, who decided and why",
  }),
  listForStaff: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/change-requests',
    query: StaffChangeRequestQuery,
    response: { 200: StaffChangeRequestPage },
    access: { permission: 'change_request:read:any' },
    tags: ['back office'],
    summary: 'The change requests inbox: oldest first, filtered by state, kind and organization, with counts',
  }),
  startReview: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/change-requests/:requestId/start-review',
    problems: ['invalid_transition'],
    params: ChangeRequestParams,
    response: { 200: ChangeRequest },
    access: { permission: 'change_request:decide:any' },
    tags: ['back office'],
    summary: 'Take a submitted change request into review',
    description: 'Only a submitted request can be taken; any other answers 409.',
  }),
  approve: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/change-requests/:requestId/approve',
    problems: ['invalid_transition'],
    params: ChangeRequestParams,
    response: { 200: ChangeRequest },
    access: { permission: 'change_request:decide:any' },
    tags: ['back office'],
    summary: 'Approve a change request: it is applied at once',
    description:
      'In one transaction: the subscription changes and a draft invoice for the pro-rated difference is ' +
      "made for billing staff to issue; an end user's registration is processed as its Order Form; a " +
      "partner level upgrade changes the partner's level. The request becomes applied and the requester " +
      'is emailed. A request already decided answers 409 and changes nothing.',
  }),
  decline: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/change-requests/:requestId/decline',
    problems: ['invalid_transition'],
    params: ChangeRequestParams,
    body: DeclineChangeRequestRequest,
    response: { 200: ChangeRequest },
    access: { permission: 'change_request:decide:any' },
    tags: ['back office'],
    summary: 'Decline a change request, with the reason the requester is told',
  }),
};
