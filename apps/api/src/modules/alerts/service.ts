import {
  type Actor,
  type Alert,
  type AlertCreateRequest,
  type AlertList,
  mandatoryAlertKinds,
  type StaffAlert,
  type StaffAlertList,
} from '@portals/domain';
import { type DatabaseAccess, scopeOf, withScope } from '../../db/scope';
import { AppError, notFound } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import { type IdempotencyClaim, idempotently } from '../../lib/idempotency';
import { alertEmail } from '../email/templates/alert';
import { portalUrl } from '../email/templates/layout';
import {
  type AlertRow,
  alertReachesReader,
  existingProductIds,
  findStaffName,
  insertAlert,
  insertDismissal,
  listAlertsForReader,
  listAlertsForStaff,
  queueAlertEmails,
} from './repository';

const iso = (value: Date | string) => new Date(value).toISOString();

const alertOf = (row: AlertRow): Omit<Alert, 'dismissed'> => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  publishedAt: iso(row.published_at),
  activeUntil: row.active_until === null ? null : iso(row.active_until),
  active: row.active,
});

/** A contact reads the alerts that reach them; anyone without an organization (staff) has none here. */
const readerOf = (actor: Actor) =>
  actor.organizationId === null ? null : { organizationId: actor.organizationId, userId: actor.userId };

export const listAlerts = async (db: DatabaseAccess, actor: Actor): Promise<AlertList> => {
  const reader = readerOf(actor);
  if (!reader) return { items: [] };
  const rows = await withScope(db, scopeOf(actor), (tx) => listAlertsForReader(tx, reader));
  return { items: rows.map((row) => ({ ...alertOf(row), dismissed: row.dismissed })) };
};

/** Closes the alert's banner for the reader; an alert that does not reach them is not found. */
export const dismissAlert = async (db: DatabaseAccess, actor: Actor, alertId: string): Promise<void> => {
  const reader = readerOf(actor);
  if (!reader) throw notFound('The alert');
  await withScope(db, scopeOf(actor), async (tx) => {
    if (!(await alertReachesReader(tx, alertId, reader))) throw notFound('The alert');
    await insertDismissal(tx, { alertId, ...reader });
  });
};

/**
 * Staff publish an alert: the row, its emails to every contact it reaches (one set-based statement) and
 * the audit entry, in one transaction; with an Idempotency-Key a retry answers the first publication.
 */
export const publishAlert = async (
  db: DatabaseAccess,
  config: { publicUrl: string },
  actor: Actor,
  request: AlertCreateRequest,
  idempotency: IdempotencyClaim | null,
): Promise<StaffAlert> => {
  const activeUntil = request.activeUntil === null ? null : new Date(request.activeUntil);
  if (activeUntil && activeUntil.getTime() <= Date.now()) {
    throw new AppError('validation_failed', 'An alert cannot end before it is published', [
      { path: 'activeUntil', message: 'must be in the future' },
    ]);
  }
  const scope = scopeOf(actor);
  return idempotently(db, scope, idempotency, async (tx) => {
    const { audience } = request;
    const known = await existingProductIds(tx, audience.productIds);
    const unknown = audience.productIds.filter((id) => !known.includes(id));
    if (unknown.length > 0) {
      throw new AppError(
        'invalid_reference',
        "Choose products from the vendor's catalogue",
        unknown.map((id) => ({
          path: `audience.productIds.${audience.productIds.indexOf(id)}`,
          message: 'No such product',
        })),
      );
    }
    const publisherName = await findStaffName(tx, actor.userId);
    const row = await insertAlert(tx, {
      kind: request.kind,
      title: request.title,
      body: request.body,
      tiers: [...new Set(audience.tiers)],
      productIds: [...new Set(audience.productIds)],
      roles: [...new Set(audience.roles)],
      activeUntil,
      publishedByUserId: actor.userId,
    });
    const mandatory = mandatoryAlertKinds.includes(request.kind);
    const emailOf = (portal: 'support' | 'subscriber') =>
      alertEmail({
        kind: row.kind,
        title: row.title,
        body: row.body,
        mandatory,
        alertsUrl: portalUrl(config.publicUrl, portal, 'alerts'),
      });
    const emailsQueued = await queueAlertEmails(tx, row.id, {
      mandatory,
      support: emailOf('support'),
      subscriber: emailOf('subscriber'),
    });
    await recordAudit(tx, {
      action: 'alert.published',
      actorUserId: actor.userId,
      targetType: 'alert',
      targetId: row.id,
      details: { kind: row.kind, emailsQueued },
    });
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      publishedAt: row.publishedAt.toISOString(),
      activeUntil: row.activeUntil?.toISOString() ?? null,
      active: row.activeUntil === null || row.activeUntil.getTime() > Date.now(),
      audience: { tiers: row.tiers, productIds: row.productIds, roles: row.roles },
      publishedBy: publisherName === null ? null : { id: actor.userId, name: publisherName },
      emailsQueued,
    } satisfies StaffAlert;
  });
};

export const listStaffAlerts = async (db: DatabaseAccess, actor: Actor): Promise<StaffAlertList> => {
  const rows = await withScope(db, scopeOf(actor), (tx) => listAlertsForStaff(tx));
  return {
    items: rows.map((row) => ({
      ...alertOf(row),
      audience: {
        tiers: row.tiers,
        productIds: row.product_ids,
        roles: row.roles,
      },
      publishedBy:
        row.published_by_user_id && row.published_by_name
          ? { id: row.published_by_user_id, name: row.published_by_name }
          : null,
      emailsQueued: row.emails_queued,
    })),
  };
};
