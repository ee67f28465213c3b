import { type Actor, assertCan, type OrderFormRequest, type OrderFormResult } from '@portals/domain';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { type DatabaseAccess, type ScopedExecutor, scopeOf, withScope } from '../../db/scope';
import { AppError } from '../../lib/app-error';
import { recordAudit } from '../../lib/audit';
import type { RequestContext } from '../../lib/request-context';
import { createPasswordLink } from '../auth/links-service';
import { insertContact } from '../contacts/repository';
import { queueEmail } from '../email/outbox';
import { portalUrl } from '../email/templates/layout';
import { supportWelcomeEmail } from '../email/templates/support-welcome';
import { welcomeEmail } from '../email/templates/welcome';
import {
  findOrderFormByNumber,
  findOrganizationKind,
  findTakenEmails,
  insertOrderForm,
  insertOrganization,
  insertSubscription,
} from './repository';

export interface OrderFormDependencies {
  db: DatabaseAccess;
  config: Config;
}

/** Stable JSON (sorted keys) to compare a resubmission with what was processed. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : inner,
  );

const resultOf = (row: NonNullable<Awaited<ReturnType<typeof findOrderFormByNumber>>>): OrderFormResult => ({
  number: row.number,
  organizationId: row.organizationId,
  subscriptionId: row.subscriptionId,
  mainContactId: row.mainContactId,
  administrativeContactId: row.administrativeContactId,
  processedAt: row.processedAt.toISOString(),
  created: false,
});

/**
 * The Welcome email (Subscriber Portal) with the account's one set-your-password link, and for the
 * main contact the Support Welcome email, which points to the Support Portal's sign-in page and carries
 * no token: one person, one account, one link that signs in to both portals (they share the session).
 */
const queueWelcomeEmails = async (
  deps: { config: Pick<Config, 'publicUrl'> },
  executor: ScopedExecutor,
  contact: { id: string; name: string; email: string; organizationId: string },
  organizationName: string,
  options: { alsoSupportPortal: boolean },
) => {
  const link = await createPasswordLink(deps, executor, contact, 'invitation', 'subscriber');
  await queueEmail(executor, {
    kind: 'welcome',
    organizationId: contact.organizationId,
    to: [contact.email],
    ...welcomeEmail({
      recipientName: contact.name,
      organizationName,
      link,
      alsoSupportPortal: options.alsoSupportPortal,
    }),
  });
  if (!options.alsoSupportPortal) return;
  await queueEmail(executor, {
    kind: 'support_welcome',
    organizationId: contact.organizationId,
    to: [contact.email],
    ...supportWelcomeEmail({
      recipientName: contact.name,
      organizationName,
      signInLink: portalUrl(deps.config.publicUrl, 'support', 'sign-in'),
    }),
  });
};

/**
 * Processes an Order Form in one transaction: organization, subscription, main contact (and an
 * administrative contact), their invitations. The same form submitted again changes nothing.
 */
export const processOrderForm = async (
  deps: OrderFormDependencies,
  actor: Actor,
  form: OrderFormRequest,
  context: RequestContext,
): Promise<{ result: OrderFormResult; created: boolean }> => {
  assertCan(actor, 'order_form:process:any');
  return withScope(deps.db, scopeOf(actor), (tx) => processOrderFormIn(deps, tx, actor, form, context));
};

/**
 * The processing itself, in the caller's staff transaction: an approved partner registration of an end
 * user (change requests, decision 037) is processed by this same code as its Order Form.
 */
export const processOrderFormIn = async (
  deps: { config: Pick<Config, 'publicUrl'> },
  tx: ScopedExecutor,
  actor: Actor,
  form: OrderFormRequest,
  context: RequestContext,
): Promise<{ result: OrderFormResult; created: boolean }> => {
  assertCan(actor, 'order_form:process:any');
  // Two submissions of one number wait for each other; the second finds the first.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`order-form:${form.number}`}))`);
  const existing = await findOrderFormByNumber(tx, form.number);
  if (existing) {
    if (canonical(existing.submitted) !== canonical(form)) {
      throw new AppError(
        'conflict',
        `Order Form ${form.number} was already processed with different details: check the number`,
        [{ path: 'number', message: 'already processed with different details' }],
      );
    }
    return { result: resultOf(existing), created: false };
  }

  if (form.organization.registeringPartnerId) {
    const kind = await findOrganizationKind(tx, form.organization.registeringPartnerId);
    if (kind !== 'partner') {
      throw new AppError('validation_failed', 'The registering partner was not found', [
        { path: 'organization.registeringPartnerId', message: 'is not a partner organization' },
      ]);
    }
  }
  const people = [
    { path: 'mainContact.email', email: form.mainContact.email },
    ...(form.administrativeContact
      ? [{ path: 'administrativeContact.email', email: form.administrativeContact.email }]
      : []),
  ];
  const taken = await findTakenEmails(
    tx,
    people.map((person) => person.email),
  );
  const clashes = people.filter((person) => taken.has(person.email.toLowerCase()));
  if (clashes.length > 0) {
    throw new AppError(
      'conflict',
      'A contact of this Order Form already has an account',
      clashes.map((clash) => ({ path: clash.path, message: 'already has an account' })),
    );
  }

  const organizationId = await insertOrganization(tx, {
    name: form.organization.name,
    kind: form.organization.kind,
    partnerLevel: form.organization.partnerLevel ?? null,
    registeringPartnerId: form.organization.registeringPartnerId ?? null,
  });
  const subscriptionId = await insertSubscription(tx, { organizationId, ...form.subscription });
  const mainContactId = await insertContact(tx, organizationId, form.mainContact, ['main']);
  const administrativeContactId = form.administrativeContact
    ? await insertContact(tx, organizationId, form.administrativeContact, ['administrative'])
    : null;
  const processedAt = new Date();
  await insertOrderForm(tx, {
    number: form.number,
    organizationId,
    subscriptionId,
    mainContactId,
    administrativeContactId,
    submitted: JSON.parse(JSON.stringify(form)) as Record<string, unknown>,
    processedByUserId: actor.userId,
    processedAt,
  });

  // The main contact gets both portals; an administrative contact works in the Subscriber Portal.
  await queueWelcomeEmails(
    deps,
    tx,
    { id: mainContactId, organizationId, ...form.mainContact },
    form.organization.name,
    { alsoSupportPortal: true },
  );
  if (form.administrativeContact && administrativeContactId) {
    await queueWelcomeEmails(
      deps,
      tx,
      { id: administrativeContactId, organizationId, ...form.administrativeContact },
      form.organization.name,
      { alsoSupportPortal: false },
    );
  }
  await recordAudit(tx, {
    action: 'order_form.processed',
    actorUserId: actor.userId,
    organizationId,
    targetType: 'order_form',
    targetId: form.number,
    details: { tier: form.subscription.tier, servers: form.subscription.servers },
    ipAddress: context.ipAddress,
    requestId: context.requestId,
  });
  return {
    result: {
      number: form.number,
      organizationId,
      subscriptionId,
      mainContactId,
      administrativeContactId,
      processedAt: processedAt.toISOString(),
      created: true,
    },
    created: true,
  };
};
