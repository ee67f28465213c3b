import {
  type Actor,
  assertCan,
  type EmailPreferenceRequest,
  type EmailPreferences,
  emailKindConcerns,
  emailKindRules,
  emailKinds,
} from '@portals/domain';
import { type DatabaseAccess, organizationScopeOf, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { listOwnEmailPreferences, upsertEmailPreference } from './repository';

const noPreferences = 'Only contacts of an organization have email preferences';

/** Every kind of email that concerns the caller's roles: mandatory ones always on. */
export const getOwnEmailPreferences = async (db: DatabaseAccess, actor: Actor): Promise<EmailPreferences> => {
  const scope = organizationScopeOf(actor, noPreferences);
  // The preferences are the actor's own rows.
  assertCan(actor, 'email_preferences:manage:own', {
    organizationId: scope.organizationId,
    ownerUserId: actor.userId,
  });
  const rows = await withScope(db, scope, (tx) =>
    listOwnEmailPreferences(tx, scope.organizationId, actor.userId),
  );
  const stored = new Map<string, boolean>();
  for (const row of rows) {
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
  db: DatabaseAccess,
  actor: Actor,
  request: EmailPreferenceRequest,
): Promise<EmailPreferences> => {
  const scope = organizationScopeOf(actor, noPreferences);
  const preference = { organizationId: scope.organizationId, userId: actor.userId };
  assertCan(actor, 'email_preferences:manage:own', { ...preference, ownerUserId: preference.userId });
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
  await withScope(db, scope, (tx) =>
    upsertEmailPreference(tx, { ...preference, kind, enabled: request.enabled }),
  );
  return getOwnEmailPreferences(db, actor);
};
