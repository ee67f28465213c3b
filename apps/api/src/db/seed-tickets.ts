import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  canTransition,
  type TicketEventKind,
  type TicketSeverity,
  type TicketStatus,
  type TicketTransitionActor,
  type TicketVisibility,
} from '@portals/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { BlobStorage } from '../lib/storage/index';
import { sniffContentType } from '../lib/uploads/content-sniff';
import { activeTierOf } from '../modules/organizations/repository';
import { type SlaStep, slaOfHistory } from '../modules/sla/service';
import type { Executor } from './client';
import {
  cannedReplies,
  organizations,
  productComponents,
  products,
  productVersions,
  supportCalendars,
  ticketAttachments,
  ticketCcs,
  ticketEvents,
  ticketSlaBreaches,
  tickets,
} from './schema/index';

/** Someone the demo tickets name: a demo login's row. */
export interface DemoPerson {
  id: string;
  name: string;
  /** Null for staff. */
  organizationId: string | null;
}

/** A small file attached to a demo ticket, stored through the attachment storage so it downloads. */
interface DemoFile {
  fileName: string;
  content: string;
}

/** One thing that happens to a demo ticket, `hoursAgo` before the seed runs; `by` is a demo login's email. */
type DemoStep = { hoursAgo: number } & (
  | { kind: 'reply'; by: string; body: string }
  | { kind: 'note'; by: string; body: string }
  | { kind: 'assign'; by: string; to: string }
  | { kind: 'status'; by: string | null; to: TicketStatus; reason?: string }
  | { kind: 'attach'; by: string; file: DemoFile }
);

interface DemoTicket {
  requester: string;
  ccs?: string[];
  subject: string;
  description: string;
  product: string;
  component?: string;
  version?: string;
  severity: TicketSeverity;
  openedHoursAgo: number;
  steps: DemoStep[];
}

const agent = 'agent@vendor.example';
const manager = 'accounts@vendor.example';
const tara = 'tara@acme.example';
const theo = 'theo@acme.example';
const openNebula = 'OpenNebula Enterprise Edition';
const day = 24;

const sunstoneLog: DemoFile = {
  fileName: 'sunstone-error.log',
  content: [
    'Tue Nov 24 09:12:03 2026 [I]: Sunstone 7.0.0 starting (FireEdge proxy at http://127.0.0.1:2616)',
    'Tue Nov 24 09:12:04 2026 [I]: Connected to oned at http://localhost:2633/RPC2',
    'Tue Nov 24 09:14:51 2026 [W]: GET /vm?pool=all took 28734 ms (1832 VMs)',
    'Tue Nov 24 09:15:21 2026 [E]: GET /vm?pool=all timed out after 30000 ms',
    'Tue Nov 24 09:15:21 2026 [E]: Net::ReadTimeout: Net::ReadTimeout with #<TCPSocket:(closed)>',
    "    /usr/lib/one/ruby/opennebula/client.rb:171:in `call'",
    "    /usr/lib/one/ruby/opennebula/pool.rb:214:in `info_all'",
    "    /usr/lib/one/sunstone/models/OpenNebulaJSON/PoolJSON.rb:33:in `info'",
    'Tue Nov 24 09:15:52 2026 [E]: GET /vm?pool=all timed out after 30000 ms',
    'Tue Nov 24 09:16:40 2026 [I]: GET /host?pool=all 200 in 412 ms',
    'Tue Nov 24 09:18:02 2026 [E]: GET /vm?pool=all timed out after 30000 ms',
    '',
  ].join('\n'),
};

/** Acme Cloud's tickets tell each demo login's story; the other customers get one each for the queue. */
const demoTickets: DemoTicket[] = [
  {
    requester: tara,
    subject: 'Sunstone times out listing VMs after the upgrade to 7.0',
    description:
      'Since we upgraded the front-end to **7.0** on Monday, the *Instances → VMs* tab spins for 30 seconds and then shows "Request timed out". We have about 1,800 VMs.\n\nThe hosts and datastores tabs load fine. The Sunstone log is attached.',
    product: openNebula,
    component: 'Sunstone',
    version: '7.0',
    severity: 2,
    openedHoursAgo: 3 * day,
    steps: [
      { hoursAgo: 3 * day - 0.1, kind: 'attach', by: tara, file: sunstoneLog },
      { hoursAgo: 3 * day - 1, kind: 'assign', by: agent, to: agent },
      {
        hoursAgo: 3 * day - 1.5,
        kind: 'reply',
        by: agent,
        body: 'Thanks Tara, the log shows the VM pool call to oned taking longer than the proxy timeout. Could you tell us the value of `:timeout` in `sunstone-server.conf`? Meanwhile, filtering the list by cluster should load.',
      },
      {
        hoursAgo: 3 * day - 1.6,
        kind: 'note',
        by: agent,
        body: 'Same symptom as the pool pagination regression fixed in 7.0.1. If they confirm the default timeout, offer the 7.0.1 packages; no need to escalate to engineering.',
      },
      {
        hoursAgo: 2 * day,
        kind: 'reply',
        by: tara,
        body: 'It is the default, 30 seconds. Filtering by cluster works as a workaround for now.',
      },
    ],
  },
  {
    requester: tara,
    subject: 'Live migration between KVM hosts fails with a libvirt error',
    description:
      'Live-migrating any VM from kvm-07 to kvm-08 fails with `error: internal error: unable to execute QEMU command migrate`. Cold migration works. Both hosts run the same packages.',
    product: openNebula,
    component: 'Hypervisors (KVM, LXC)',
    version: '6.10',
    severity: 3,
    openedHoursAgo: 6 * day,
    steps: [
      { hoursAgo: 6 * day - 2, kind: 'assign', by: agent, to: agent },
      {
        hoursAgo: 6 * day - 2.5,
        kind: 'reply',
        by: agent,
        body: "This is usually a CPU model mismatch between the hosts. Could you send the output of `virsh capabilities` on both hosts and the VM template's `CPU_MODEL`?",
      },
      {
        hoursAgo: 6 * day - 2.6,
        kind: 'status',
        by: agent,
        to: 'pending_customer',
        reason: "Waiting for the hosts' CPU capabilities",
      },
    ],
  },
  {
    requester: tara,
    subject: 'How do we rotate the OneGate token of a running service?',
    description:
      'We need to rotate the OneGate tokens after a colleague left. Is there a way to do it without redeploying the OneFlow services?',
    product: openNebula,
    component: 'OneGate',
    version: '6.10',
    severity: 4,
    openedHoursAgo: 5 * day,
    steps: [
      { hoursAgo: 5 * day - 3, kind: 'assign', by: agent, to: agent },
      {
        hoursAgo: 5 * day - 3.2,
        kind: 'reply',
        by: agent,
        body: 'Yes: update the VM\'s `TOKEN` context attribute with `onevm updateconf` and power-cycle the VM; the service keeps running. The steps are in the OneGate guide, section "Token rotation".',
      },
      { hoursAgo: 4 * day, kind: 'reply', by: tara, body: 'That worked, thank you!' },
      { hoursAgo: 2 * day, kind: 'status', by: agent, to: 'solved' },
    ],
  },
  {
    requester: tara,
    subject: 'Datastore shows the wrong free space after adding a LUN',
    description:
      'After we extended the Ceph pool behind datastore 101, `onedatastore show 101` still reports the old free space (2.1 TB instead of 6.1 TB).',
    product: openNebula,
    component: 'Storage',
    version: '6.8',
    severity: 3,
    openedHoursAgo: 30 * day,
    steps: [
      { hoursAgo: 30 * day - 4, kind: 'assign', by: agent, to: agent },
      {
        hoursAgo: 30 * day - 4.5,
        kind: 'reply',
        by: agent,
        body: 'The monitoring probe caches the pool size for an hour. Running `onedatastore monitor 101` refreshes it at once.',
      },
      { hoursAgo: 29 * day, kind: 'reply', by: tara, body: 'Refreshed and correct now. Please close it.' },
      { hoursAgo: 29 * day - 1, kind: 'status', by: agent, to: 'solved' },
      {
        hoursAgo: 15 * day - 2,
        kind: 'status',
        by: null,
        to: 'closed',
        reason: 'Closed automatically 14 days after it was solved',
      },
    ],
  },
  {
    requester: tara,
    subject: 'The scheduler ignores our host affinity rules',
    description:
      'VMs with `SCHED_REQUIREMENTS = "CLUSTER_ID = 100"` are placed on hosts of cluster 0 when cluster 100 is busy. We expected them to stay pending.',
    product: openNebula,
    component: 'Scheduler',
    version: '7.0',
    severity: 3,
    openedHoursAgo: 5,
    steps: [],
  },
  {
    requester: theo,
    ccs: [tara],
    subject: 'Marketplace appliance download stalls at 99 %',
    description:
      'Importing the *Ubuntu 24.04* appliance from the public marketplace stalls at 99 % and the image stays in LOCKED. Copying Tara, who runs the datastores.',
    product: 'vOneCloud',
    component: 'Marketplace',
    version: '7.0',
    severity: 3,
    openedHoursAgo: 8 * day,
    steps: [
      { hoursAgo: 8 * day - 1, kind: 'assign', by: manager, to: agent },
      {
        hoursAgo: 8 * day - 2,
        kind: 'reply',
        by: agent,
        body: "We reproduced it: the appliance's checksum file was published late on the marketplace mirror. Engineering is fixing the mirror; we put this ticket on hold until then.",
      },
      {
        hoursAgo: 8 * day - 2.1,
        kind: 'note',
        by: agent,
        body: "Mirror fix tracked by engineering; expected in next week's marketplace sync.",
      },
      {
        hoursAgo: 8 * day - 2.2,
        kind: 'status',
        by: agent,
        to: 'on_hold',
        reason: 'Waiting for the marketplace mirror fix',
      },
    ],
  },
  {
    requester: theo,
    subject: 'VXLAN networks drop large packets between hosts',
    description:
      'On VXLAN virtual networks, SSH works but `scp` of large files hangs between VMs on different hosts. The physical MTU is 1500.',
    product: openNebula,
    component: 'Networking',
    version: '7.0',
    severity: 2,
    openedHoursAgo: 2,
    steps: [],
  },
  {
    requester: 'main@acme.example',
    subject: 'Review of our upgrade plan to 7.0 for the remaining clusters',
    description:
      'We plan to upgrade the two remaining clusters to 7.0 next month. Could your team review our plan (rolling upgrade, one cluster per weekend) in a call?',
    product: openNebula,
    component: 'Core',
    version: '7.0',
    severity: 4,
    openedHoursAgo: 4 * day,
    steps: [
      { hoursAgo: 4 * day - 5, kind: 'assign', by: manager, to: manager },
      {
        hoursAgo: 4 * day - 6,
        kind: 'reply',
        by: manager,
        body: 'Happy to. We will send you an invitation for a one-hour review with an engineer this week.',
      },
    ],
  },
  {
    requester: 'main@basic.example',
    subject: 'Cannot sign in to Sunstone after changing the oneadmin password',
    description:
      'I changed the oneadmin password with `oneuser passwd` and now Sunstone says "Invalid username or password".',
    product: 'vOneCloud',
    component: 'Sunstone',
    version: '6.10',
    severity: 3,
    openedHoursAgo: 20,
    steps: [],
  },
  {
    requester: 'main@enduser-one.example',
    subject: 'Which high-availability setup do you recommend for three front-ends?',
    description: 'We want to run three front-ends with Raft. Do they need shared storage for the database?',
    product: openNebula,
    component: 'High availability',
    version: '6.10',
    severity: 4,
    openedHoursAgo: 2 * day,
    steps: [
      { hoursAgo: 2 * day - 3, kind: 'assign', by: agent, to: agent },
      {
        hoursAgo: 2 * day - 3.5,
        kind: 'reply',
        by: agent,
        body: 'No shared storage is needed for the database: Raft replicates it. Which database backend do you use, SQLite or MySQL?',
      },
      { hoursAgo: 2 * day - 3.6, kind: 'status', by: agent, to: 'pending_customer' },
    ],
  },
];

const demoCannedReplies = [
  {
    title: 'Ask for the logs',
    body: 'Could you attach the logs from the front-end (`/var/log/one/oned.log` and `/var/log/one/sched.log`) covering the time of the problem? You can attach files of any size to this ticket.',
  },
  {
    title: 'Fixed in the next maintenance release',
    body: 'This is fixed in the next maintenance release. We will let you know here as soon as the packages are available.',
  },
  {
    title: 'Solved: anything else?',
    body: 'We are marking this ticket as solved. If the problem comes back within 14 days, just reply and it reopens.',
  },
];

const sha256Of = (content: Buffer) => createHash('sha256').update(content).digest('hex');

const catalogueIds = async (executor: Executor, ticket: DemoTicket) => {
  const [product] = await executor
    .select({ id: products.id })
    .from(products)
    .where(eq(products.name, ticket.product));
  if (!product) throw new Error(`The catalogue has no ${ticket.product}`);
  const [component] = ticket.component
    ? await executor
        .select({ id: productComponents.id })
        .from(productComponents)
        .where(and(eq(productComponents.productId, product.id), eq(productComponents.name, ticket.component)))
    : [];
  const [version] = ticket.version
    ? await executor
        .select({ id: productVersions.id })
        .from(productVersions)
        .where(and(eq(productVersions.productId, product.id), eq(productVersions.name, ticket.version)))
    : [];
  return { productId: product.id, componentId: component?.id ?? null, versionId: version?.id ?? null };
};

/**
 * Writes one demo ticket as its history happened: the ticket, then each step as the rows the services
 * write for it (the same events, data and status rules: a staff reply opens a new ticket, a contact's
 * reply reopens one waiting on them, every status move is one the transition table allows), dated in
 * the past. Attachments go through the attachment storage; `stored` collects their keys.
 */
const writeDemoTicket = async (
  executor: Executor,
  storage: BlobStorage,
  people: Map<string, DemoPerson>,
  ticket: DemoTicket,
  now: number,
  stored: string[],
) => {
  const person = (email: string) => {
    const found = people.get(email);
    if (!found) throw new Error(`No demo login ${email}`);
    return found;
  };
  const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);
  const requester = person(ticket.requester);
  const organizationId = requester.organizationId;
  if (!organizationId) throw new Error(`${ticket.requester} is not a contact`);
  const ccs = (ticket.ccs ?? []).map(person);
  const openedAt = at(ticket.openedHoursAgo);
  const [row] = await executor
    .insert(tickets)
    .values({
      organizationId,
      requesterUserId: requester.id,
      subject: ticket.subject,
      description: ticket.description,
      ...(await catalogueIds(executor, ticket)),
      severity: ticket.severity,
      createdAt: openedAt,
    })
    .returning({ id: tickets.id });
  if (!row) throw new Error(`Could not open ${ticket.subject}`);
  const ticketId = row.id;
  if (ccs.length > 0) {
    await executor
      .insert(ticketCcs)
      .values(ccs.map((cc) => ({ ticketId, userId: cc.id, organizationId, addedAt: openedAt })));
  }

  const state: {
    status: TicketStatus;
    assignee: DemoPerson | null;
    solvedAt: Date | null;
    closedAt: Date | null;
    lastActivityAt: Date;
  } = { status: 'new', assignee: null, solvedAt: null, closedAt: null, lastActivityAt: openedAt };
  const append = (event: {
    actorUserId: string | null;
    kind: TicketEventKind;
    visibility: TicketVisibility;
    body?: string;
    data?: Record<string, unknown>;
    createdAt: Date;
  }) => {
    if (event.createdAt < state.lastActivityAt) throw new Error(`${ticket.subject}: steps out of order`);
    state.lastActivityAt = event.createdAt;
    return executor.insert(ticketEvents).values({ ticketId, organizationId, ...event });
  };
  const move = (to: TicketStatus, by: TicketTransitionActor, when: Date) => {
    if (!canTransition(state.status, to, by, { solvedAt: state.solvedAt, now: when })) {
      throw new Error(`${ticket.subject}: ${by} cannot move it from ${state.status} to ${to}`);
    }
    const from = state.status;
    state.status = to;
    state.solvedAt = to === 'solved' ? when : null;
    if (to === 'closed') state.closedAt = when;
    return from;
  };

  // The SLA clock's history, replayed at the end (the services move it as each event happens).
  const slaSteps: SlaStep[] = [];
  await append({
    actorUserId: requester.id,
    kind: 'created',
    visibility: 'public',
    body: ticket.description,
    data: { severity: ticket.severity, ccUserIds: ccs.map((cc) => cc.id) },
    createdAt: openedAt,
  });
  for (const step of ticket.steps) {
    const when = at(step.hoursAgo);
    if (state.status === 'closed') throw new Error(`${ticket.subject}: closed tickets do not change`);
    switch (step.kind) {
      case 'reply': {
        const author = person(step.by);
        const staff = author.organizationId === null;
        await append({
          actorUserId: author.id,
          kind: 'public_reply',
          visibility: 'public',
          body: step.body,
          createdAt: when,
        });
        slaSteps.push({ event: { kind: staff ? 'staff_replied' : 'contact_replied' }, at: when });
        const reopens = staff ? state.status === 'new' : state.status === 'pending_customer';
        if (reopens) {
          const from = move('open', staff ? 'staff' : 'system', when);
          slaSteps.push({ event: { kind: 'status_changed', from, to: 'open' }, at: when });
          await append({
            actorUserId: author.id,
            kind: 'status_changed',
            visibility: 'public',
            data: { from, to: 'open', reason: 'reply' },
            createdAt: when,
          });
        }
        break;
      }
      case 'note': {
        const author = person(step.by);
        if (author.organizationId !== null) throw new Error('Internal notes are staff-only');
        await append({
          actorUserId: author.id,
          kind: 'internal_note',
          visibility: 'internal',
          body: step.body,
          createdAt: when,
        });
        break;
      }
      case 'assign': {
        const to = person(step.to);
        const from = state.assignee;
        state.assignee = to;
        await append({
          actorUserId: person(step.by).id,
          kind: 'assigned',
          visibility: 'public',
          data: {
            from: from ? { id: from.id, name: from.name } : null,
            to: { id: to.id, name: to.name },
          },
          createdAt: when,
        });
        break;
      }
      case 'status': {
        const actor = step.by === null ? null : person(step.by);
        const by: TicketTransitionActor = !actor ? 'system' : actor.organizationId ? 'contact' : 'staff';
        const from = move(step.to, by, when);
        slaSteps.push({ event: { kind: 'status_changed', from, to: step.to }, at: when });
        await append({
          actorUserId: actor?.id ?? null,
          kind: 'status_changed',
          visibility: 'public',
          data: { from, to: step.to, ...(step.reason ? { reason: step.reason } : {}) },
          createdAt: when,
        });
        break;
      }
      case 'attach': {
        const uploader = person(step.by);
        const content = Buffer.from(step.file.content);
        const storageKey = randomUUID();
        await storage.put(storageKey, Readable.from([content]));
        stored.push(storageKey);
        const attachment = {
          attachmentId: randomUUID(),
          fileName: step.file.fileName,
          sizeBytes: content.length,
          sha256: sha256Of(content),
          contentType: sniffContentType(content),
        };
        await append({
          actorUserId: uploader.id,
          kind: 'attachment_added',
          visibility: 'public',
          data: attachment,
          createdAt: when,
        });
        await executor.insert(ticketAttachments).values({
          id: attachment.attachmentId,
          ticketId,
          organizationId,
          uploaderUserId: uploader.id,
          fileName: attachment.fileName,
          sizeBytes: attachment.sizeBytes,
          sha256: attachment.sha256,
          contentType: attachment.contentType,
          storageKey,
          visibility: 'public',
          createdAt: when,
        });
        break;
      }
    }
  }
  const [basis] = await executor
    .select({
      tier: activeTierOf(organizations.id),
      timeZone: supportCalendars.timeZone,
      workingDays: sql<number[]>`${supportCalendars.workingDays}::int[]`,
      opens: supportCalendars.opens,
      closes: supportCalendars.closes,
      holidays: supportCalendars.holidays,
    })
    .from(organizations)
    .innerJoin(supportCalendars, eq(supportCalendars.key, organizations.supportCalendarKey))
    .where(eq(organizations.id, organizationId));
  if (!basis) throw new Error(`${ticket.subject}: no organization or support calendar`);
  const { tier, ...calendar } = basis;
  // At the default SLA_WARNING_PERCENT: the demo has no configuration of its own.
  const sla = slaOfHistory(
    { id: ticketId, organizationId },
    { tier, calendar, severity: ticket.severity },
    openedAt,
    slaSteps,
    new Date(now),
    0.75,
  );
  await executor
    .update(tickets)
    .set({
      status: state.status,
      assigneeUserId: state.assignee?.id ?? null,
      solvedAt: state.solvedAt,
      closedAt: state.closedAt,
      updatedAt: state.lastActivityAt,
      lastActivityAt: state.lastActivityAt,
      ...sla.stored,
      slaNextResponsesMet: sla.nextResponsesMet,
    })
    .where(eq(tickets.id, ticketId));
  if (sla.breaches.length > 0) {
    await executor.insert(ticketSlaBreaches).values(sla.breaches).onConflictDoNothing();
  }
};

/**
 * The demo tickets, oldest first (so their numbers follow their age), and the support team's canned
 * replies. Written as rows rather than through the services so that each has a past (services date
 * everything now); no email goes out for them. Returns the storage keys written, for the caller to
 * remove should its transaction fail.
 */
export const seedDemoTickets = async (
  executor: Executor,
  storage: BlobStorage,
  people: Map<string, DemoPerson>,
  now = Date.now(),
): Promise<string[]> => {
  const stored: string[] = [];
  try {
    const oldestFirst = [...demoTickets].sort((a, b) => b.openedHoursAgo - a.openedHoursAgo);
    for (const ticket of oldestFirst) await writeDemoTicket(executor, storage, people, ticket, now, stored);
    const author = people.get(agent);
    await executor
      .insert(cannedReplies)
      .values(demoCannedReplies.map((reply) => ({ ...reply, createdByUserId: author?.id ?? null })));
    return stored;
  } catch (error) {
    await Promise.all(stored.map((key) => storage.delete(key)));
    throw error;
  }
};
