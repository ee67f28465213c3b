import type { ContactRole, PartnerLevel, StaffRole, SubscriptionTier } from '@portals/domain';
import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '../lib/passwords';
import type { BlobStorage } from '../lib/storage/index';
import type { Database, Executor } from './client';
import {
  alerts,
  changeRequests,
  contactRequests,
  contactRoles,
  organizations,
  products,
  subscriptions,
  users,
} from './schema/index';
import { seedDemoInvoices } from './seed-invoices';
import { seedDemoQuestions } from './seed-questions';
import { type DemoPerson, seedDemoTickets } from './seed-tickets';

export const demoPassword = 'portals-demo-2026';

export interface DemoLogin {
  email: string;
  who: string;
}

interface DemoOrganization {
  name: string;
  kind: 'customer' | 'partner';
  partnerLevel?: PartnerLevel;
  registeredBy?: string;
  tier: SubscriptionTier;
  servers: number;
  contacts: {
    name: string;
    email: string;
    roles: ContactRole[];
    /** A technical contact beyond the tier's named accounts, added by a request staff approved. */
    approvedBeyondAllowance?: boolean;
  }[];
}

const staff: { name: string; email: string; role: StaffRole }[] = [
  { name: 'Sam Support', email: 'agent@vendor.example', role: 'support_agent' },
  { name: 'Bea Billing', email: 'billing@vendor.example', role: 'billing' },
  { name: 'Max Manager', email: 'accounts@vendor.example', role: 'account_manager' },
  { name: 'Ada Admin', email: 'admin@vendor.example', role: 'admin' },
];

const demoOrganizations: DemoOrganization[] = [
  {
    name: 'Acme Cloud',
    kind: 'customer',
    tier: 'premium',
    servers: 40,
    contacts: [
      { name: 'Maria Main', email: 'main@acme.example', roles: ['main'] },
      { name: 'Alan Admin', email: 'billing@acme.example', roles: ['administrative'] },
      { name: 'Tara Tech', email: 'tara@acme.example', roles: ['technical'] },
      // Premium includes two named accounts (Maria's and Tara's): Theo came by an approved request.
      { name: 'Theo Tech', email: 'theo@acme.example', roles: ['technical'], approvedBeyondAllowance: true },
    ],
  },
  {
    name: 'Basic Hosting',
    kind: 'customer',
    tier: 'basic',
    servers: 4,
    contacts: [{ name: 'Bob Basic', email: 'main@basic.example', roles: ['main'] }],
  },
  {
    name: 'Partner Integrations',
    kind: 'partner',
    partnerLevel: 'gold',
    tier: 'advanced',
    servers: 10,
    contacts: [{ name: 'Pia Partner', email: 'main@partner.example', roles: ['main'] }],
  },
  {
    name: 'End User One',
    kind: 'customer',
    registeredBy: 'Partner Integrations',
    tier: 'advanced',
    servers: 8,
    contacts: [{ name: 'Uma User', email: 'main@enduser-one.example', roles: ['main'] }],
  },
  {
    name: 'End User Two',
    kind: 'customer',
    registeredBy: 'Partner Integrations',
    tier: 'basic',
    servers: 2,
    contacts: [{ name: 'Ugo User', email: 'main@enduser-two.example', roles: ['main'] }],
  },
];

/** Who can sign in with the demo password, as printed by the start command. */
export const demoLogins: DemoLogin[] = [
  ...staff.map((person) => ({ email: person.email, who: `staff, ${person.role}` })),
  ...demoOrganizations.flatMap((organization) =>
    organization.contacts.map((contact) => ({
      email: contact.email,
      who: `${organization.name} (${organization.tier}), ${contact.roles.join(' + ')} contact`,
    })),
  ),
];

/** Whether the database holds the demo data (an earlier start loaded it). */
export const hasDemoData = async (executor: Executor): Promise<boolean> => {
  const [firstStaff] = staff;
  const result = await executor.execute(
    sql`select exists (select 1 from ${users} where lower(${users.email}) = ${firstStaff?.email}) as present`,
  );
  return (result.rows[0] as { present: boolean }).present;
};

const isEmpty = async (executor: Executor): Promise<boolean> => {
  const result = await executor.execute(sql`select not exists (select 1 from ${organizations}) as empty`);
  return (result.rows[0] as { empty: boolean }).empty;
};

/** A maintenance alert to every demo customer's contacts, as history: written directly, so it mails nobody. */
const seedDemoAlert = async (tx: Executor, people: Map<string, DemoPerson>) => {
  const publisher = [...people.values()].find((person) => person.organizationId === null);
  await tx.insert(alerts).values({
    kind: 'maintenance',
    title: 'Marketplace maintenance this Saturday',
    body:
      'The **vOneCloud Marketplace** is read-only on Saturday from 02:00 to 04:00 UTC while we move it to new servers.\n\n' +
      'Running virtual machines are not affected.',
    activeUntil: new Date(Date.now() + 7 * 86_400_000),
    publishedByUserId: publisher?.id ?? null,
  });
};

/**
 * Loads the demo data into an empty database, in one transaction; the demo tickets' attachments go
 * to `storage` (and are removed again if the transaction fails).
 * Returns whether it did (false when the database already had data).
 */
export const seedDemoData = async (
  db: Database,
  environment: 'development' | 'production' | 'test',
  storage: BlobStorage,
): Promise<boolean> => {
  if (environment === 'production') {
    throw new Error('Refusing to load demo data in production');
  }
  const passwordHash = await hashPassword(demoPassword);
  const stored: string[] = [];
  try {
    return await db.transaction(async (tx) => {
      // Serialize concurrent starts: only one of them seeds.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('portals-demo-seed'))`);
      if (!(await isEmpty(tx))) return false;
      const people = await seedPeople(tx, passwordHash);
      stored.push(...(await seedDemoTickets(tx, storage, people)));
      await seedDemoAlert(tx, people);
      await seedDemoInvoices(tx);
      await seedDemoQuestions(tx, people);
      await seedDemoChangeRequest(tx, people);
      return true;
    });
  } catch (error) {
    await Promise.all(stored.map((key) => storage.delete(key)));
    throw error;
  }
};

/** Acme's administrative contact notified an additional service: a submitted request in the staff's inbox. */
const seedDemoChangeRequest = async (tx: Executor, people: Map<string, DemoPerson>) => {
  const requester = people.get('billing@acme.example');
  if (!requester?.organizationId) throw new Error('Acme Cloud needs its administrative contact');
  const [subscription] = await tx
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(eq(subscriptions.organizationId, requester.organizationId));
  const [service] = await tx
    .select({ id: products.id })
    .from(products)
    .where(eq(products.name, 'OpenNebula Enterprise Edition'));
  if (!subscription || !service)
    throw new Error('Acme Cloud needs a subscription and the catalogue a service');
  await tx.insert(changeRequests).values({
    organizationId: requester.organizationId,
    subscriptionId: subscription.id,
    kind: 'additional_service',
    productId: service.id,
    note: 'We are moving our on-premises clusters onto OpenNebula and want them covered from next month.',
    requestedByUserId: requester.id,
  });
};

/** Staff, organizations, subscriptions and contacts; answers every demo login's row by email. */
const seedPeople = async (tx: Executor, passwordHash: string): Promise<Map<string, DemoPerson>> => {
  const people = new Map<string, DemoPerson>();
  const staffRows = await tx
    .insert(users)
    .values(
      staff.map((person) => ({
        kind: 'staff' as const,
        email: person.email,
        name: person.name,
        passwordHash,
        staffRoles: [person.role],
      })),
    )
    .returning({ id: users.id, email: users.email, name: users.name });
  for (const row of staffRows) people.set(row.email, { id: row.id, name: row.name, organizationId: null });
  const decider = staffRows.find((row) => row.email === 'accounts@vendor.example');
  if (!decider) throw new Error('No account manager to approve contact requests');

  const idsByName = new Map<string, string>();
  // Every demo subscription is to vOneCloud, so alerts by product reach them.
  const [vOneCloud] = await tx
    .select({ id: products.id })
    .from(products)
    .where(eq(products.name, 'vOneCloud'));
  const today = new Date();
  const termStart = today.toISOString().slice(0, 10);
  const termEnd = new Date(today.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
  for (const organization of demoOrganizations) {
    const registeringPartnerId = organization.registeredBy ? idsByName.get(organization.registeredBy) : null;
    const [created] = await tx
      .insert(organizations)
      .values({
        name: organization.name,
        kind: organization.kind,
        partnerLevel: organization.partnerLevel ?? null,
        registeringPartnerId: registeringPartnerId ?? null,
      })
      .returning({ id: organizations.id });
    if (!created) throw new Error(`Could not create ${organization.name}`);
    idsByName.set(organization.name, created.id);
    await tx.insert(subscriptions).values({
      organizationId: created.id,
      tier: organization.tier,
      productId: vOneCloud?.id ?? null,
      servers: organization.servers,
      termStart,
      termEnd,
    });
    for (const contact of organization.contacts) {
      const [user] = await tx
        .insert(users)
        .values({
          kind: 'contact',
          organizationId: created.id,
          email: contact.email,
          name: contact.name,
          passwordHash,
        })
        .returning({ id: users.id });
      if (!user) throw new Error(`Could not create ${contact.email}`);
      people.set(contact.email, { id: user.id, name: contact.name, organizationId: created.id });
      await tx
        .insert(contactRoles)
        .values(contact.roles.map((role) => ({ organizationId: created.id, userId: user.id, role })));
      if (contact.approvedBeyondAllowance) {
        const main = organization.contacts.find((other) => other.roles.includes('main'));
        const requester = main && people.get(main.email);
        if (!requester) throw new Error(`${organization.name} needs its main contact listed first`);
        await tx.insert(contactRequests).values({
          organizationId: created.id,
          kind: 'technical_contact',
          requestedByUserId: requester.id,
          name: contact.name,
          email: contact.email,
          reason: 'A second engineer on call for our production clusters',
          status: 'approved',
          decidedByUserId: decider.id,
          decidedAt: new Date(),
          createdContactId: user.id,
        });
      }
    }
  }
  return people;
};
