import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import { AlertCreateRequest, AlertList, AlertParams, StaffAlert, StaffAlertList } from '../schemas/alert';

export const alertEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/alerts',
    response: { 200: AlertList },
    access: { authenticated: true },
    tags: ['alerts'],
    summary: "The alerts published to the caller's audience (tier, product, role), latest first",
    description: 'Staff get none here: they read every alert at /v1/staff/alerts.',
  }),
  dismiss: defineEndpoint({
    method: 'POST',
    path: '/v1/alerts/:alertId/dismissal',
    params: AlertParams,
    response: { 204: z.null() },
    access: { authenticated: true },
    tags: ['alerts'],
    summary: "Close an alert's banner for the caller; it stays on the alerts page",
  }),
  publish: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/alerts',
    problems: ['invalid_reference'],
    idempotent: true,
    body: AlertCreateRequest,
    response: { 201: StaffAlert },
    access: { permission: 'alert:publish:any' },
    tags: ['alerts'],
    summary: 'Staff: publish an alert to an audience and email it, in one transaction',
    description:
      'Contacts of organizations with an active subscription of the chosen tiers and products, holding one ' +
      "of the chosen roles (an empty list does not narrow). Emails honour the contacts' alert preference " +
      'except for security advisories. Send an `Idempotency-Key` header to retry safely.',
  }),
  listForStaff: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/alerts',
    response: { 200: StaffAlertList },
    access: { permission: 'alert:publish:any' },
    tags: ['alerts'],
    summary: 'Staff: the alerts published, latest first (up to 100), with their audiences',
  }),
};
