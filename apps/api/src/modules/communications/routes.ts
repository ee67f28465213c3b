import { EmailPreferenceRequest, EmailPreferences } from '@portals/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../lib/require-actor';
import { getOwnEmailPreferences, setOwnEmailPreference } from './service';

export const communicationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/email-preferences',
    {
      config: { access: { permission: 'email_preferences:manage:own' } },
      schema: {
        tags: ['communications'],
        summary: "The kinds of email that concern the caller's roles, and which are on",
        description: 'Mandatory kinds (contractual notices, invoices, account emails) are always on.',
        response: { 200: EmailPreferences },
      },
    },
    async (request) => getOwnEmailPreferences(app.db, requireActor(request)),
  );

  app.put(
    '/me/email-preferences',
    {
      config: { access: { permission: 'email_preferences:manage:own' } },
      schema: {
        tags: ['communications'],
        summary: 'Turn an optional kind of email on or off for the caller',
        description: 'A mandatory kind, or one that does not concern the caller, answers 400.',
        body: EmailPreferenceRequest,
        response: { 200: EmailPreferences },
      },
    },
    async (request) => setOwnEmailPreference(app.db, requireActor(request), request.body),
  );
};
