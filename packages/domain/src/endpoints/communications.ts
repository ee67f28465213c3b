import { defineEndpoint } from '../endpoint';
import { EmailPreferenceRequest, EmailPreferences } from '../schemas/communications';

export const emailPreferenceEndpoints = {
  get: defineEndpoint({
    method: 'GET',
    path: '/v1/me/email-preferences',
    response: { 200: EmailPreferences },
    access: { permission: 'email_preferences:manage:own' },
    tags: ['communications'],
    summary: "The kinds of email that concern the caller's roles, and which are on",
    description: 'Mandatory kinds (contractual notices, invoices, account emails) are always on.',
  }),
  set: defineEndpoint({
    method: 'PUT',
    path: '/v1/me/email-preferences',
    body: EmailPreferenceRequest,
    response: { 200: EmailPreferences },
    access: { permission: 'email_preferences:manage:own' },
    tags: ['communications'],
    summary: 'Turn an optional kind of email on or off for the caller',
    description: 'A mandatory kind, or one that does not concern the caller, answers 400.',
  }),
};
