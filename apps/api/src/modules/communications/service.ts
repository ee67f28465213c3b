import {
  type Actor,
  assertCan,
  type EmailPreferenceRequest,
  type EmailPreferences,
  emailKindConcerns,
  emailKindRules,
  emailKinds,
} from '@portals/domain';
import type { Database } from '../../db/client';
import { AppError } from '../../lib/app-error';
import { listOwnEmailPreferences, upsertEmailPreference } from './repository';

const ownOrganizationId = (actor: Actor): string => {
  if (!actor.organizationId) {
    throw new AppError('forbidden', 'Only contacts of an organization have email preferences');
  }
  return actor.organizationId;
};

/** Every kind of email that concerns the caller's roles: mandatory ones always on. */
export const getOwnEmailPreferences = async (db: Database, actor: Actor): Promise<EmailPreferences> => {
  const organizationId = ownOrganizationId(actor);
  assertCan(actor, 'email_preferences:manage:own', { organizationId });
  const stored = new Map<string, boolean>();
  for (const row of await listOwnEmailPreferences(db, organizationId, actor.userId)) {
    stored.set(row.kind, row.enabled);
  }
  return {
    items: emailKinds
      .filter((kind) => emailKindConcerns(kind, actor.contactRoles))
      .map((kind) => {
        const { mandatory } = emailKindRules[kind];
        return { kind, mandatory, enabled: mandatory || stored.get(kind) !== false };
      }),
  };
};

/** Turns an optional kind that concerns the caller on or off; a mandatory kind cannot be. */
export const setOwnEmailPreference = async (
  db: Database,
  actor: Actor,
  request: EmailPreferenceRequest,
): Promise<EmailPreferences> => {
  const organizationId = ownOrganizationId(actor);
  assertCan(actor, 'email_preferences:manage:own', { organizationId });
  const { kind } = request;
  if (emailKindRules[kind].mandatory) {
    throw new AppError('bad_request', `"${kind}" emails are mandatory and cannot be turned off`, [
      { path: 'kind', message: 'is a mandatory kind of email' },
    ]);
  }
  if (!emailKindConcerns(kind, actor.contactRoles)) {
    throw new AppError('bad_request', `"${kind}" emails do not concern your roles`, [
      { path: 'kind', message: 'does not concern your roles' },
    ]);
  }
  await upsertEmailPreference(db, { organizationId, userId: actor.userId, kind, enabled: request.enabled });
  return getOwnEmailPreferences(db, actor);
};
