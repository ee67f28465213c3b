import type { DatabaseHandle } from '../../apps/api/src/db/client';

type Pool = DatabaseHandle['pool'];
const connect = (pool: Pool) => pool.connect();
/** A pooled connection held for the whole seeding: its session settings stay on it. */
type Session = Awaited<ReturnType<typeof connect>>;

/** Tickets that get exactly this many public replies: the ticket page scenario reads them. */
export const repliesOfPageTickets = 20;
const pageTicketCount = 1_000;

/**
 * Words the subjects, descriptions and replies are made of, so that full-text search has something to
 * find: the earlier ones are used more often (see `word()`), the later ones rarely.
 */
export const benchWords = [
  'the',
  'cluster',
  'server',
  'after',
  'upgrade',
  'error',
  'virtual',
  'machine',
  'network',
  'storage',
  'cannot',
  'start',
  'log',
  'please',
  'attached',
  'we',
  'see',
  'when',
  'host',
  'node',
  'timeout',
  'image',
  'datastore',
  'template',
  'scheduler',
  'deploy',
  'failed',
  'restart',
  'service',
  'version',
  'production',
  'again',
  'thanks',
  'configuration',
  'interface',
  'bridge',
  'vlan',
  'disk',
  'snapshot',
  'backup',
  'restore',
  'migration',
  'live',
  'memory',
  'cpu',
  'usage',
  'high',
  'slow',
  'response',
  'database',
  'connection',
  'refused',
  'certificate',
  'expired',
  'login',
  'password',
  'user',
  'group',
  'permission',
  'denied',
  'quota',
  'exceeded',
  'marketplace',
  'appliance',
  'download',
  'hypervisor',
  'kvm',
  'lxc',
  'container',
  'firewall',
  'security',
  'rule',
  'address',
  'lease',
  'ipv6',
  'dns',
  'gateway',
  'route',
  'monitoring',
  'alert',
  'metric',
  'graph',
  'dashboard',
  'sunstone',
  'oneflow',
  'onegate',
  'federation',
  'zone',
  'leader',
  'follower',
  'raft',
  'election',
  'sync',
  'replica',
  'ceph',
  'nfs',
  'iscsi',
  'lvm',
  'qcow2',
  'raw',
  'volatile',
  'context',
  'contextualization',
  'script',
  'boot',
  'kernel',
  'panic',
  'freeze',
  'hang',
  'crash',
  'core',
  'dump',
  'trace',
  'stack',
  'debug',
  'workaround',
  'patch',
  'hotfix',
  'release',
  'notes',
  'documentation',
  'question',
  'feature',
  'request',
  'license',
  'subscription',
  'renewal',
  'invoice',
  'schedule',
  'maintenance',
  'window',
  'outage',
  'degraded',
  'latency',
  'packet',
  'loss',
  'mtu',
  'jumbo',
  'frames',
  'bond',
  'lacp',
  'numa',
  'hugepages',
  'pinning',
  'passthrough',
  'gpu',
  'vgpu',
  'sriov',
  'uefi',
  'secureboot',
  'tpm',
  'vnc',
  'spice',
  'console',
  'websocket',
  'proxy',
  'nginx',
  'apache',
  'ldap',
  'saml',
  'kerberos',
  'terraform',
  'ansible',
  'api',
  'xmlrpc',
  'python',
  'ruby',
  'golang',
  'sdk',
  'cli',
  'onevm',
  'onehost',
  'oneimage',
  'onetemplate',
  'zookeeper',
  'prometheus',
  'grafana',
  'exporter',
  'kubernetes',
  'rke2',
  'helm',
  'edge',
  'provision',
  'aws',
  'equinix',
  'vcenter',
  'esxi',
  'vmotion',
  'drs',
  'nsx',
];

/** Words a contact searches their organization's tickets for: frequent and less frequent ones. */
export const searchWords = ['migration', 'certificate', 'hugepages', 'kerberos', 'vmotion', 'passthrough'];

/**
 * Each description and reply also names one virtual machine (`vm` and a number below this), as
 * customers do: the rare terms staff search every ticket for.
 */
export const virtualMachineNames = 100_000;

/** The word list as an SQL constant: a column would be detoasted for every word picked. */
const wordArray = `(array[${benchWords.map((w) => `'${w}'`).join(', ')}]::text[])`;

/**
 * The SQL of one word of the list, picked by a hash of `seed`; squared, so that the earlier words of
 * the list come up more often.
 */
const word = (seed: string): string =>
  `${wordArray}[1 + floor(power((abs(hashtext(${seed})) % 100000) / 100000.0::float8, 2) * ${benchWords.length})::int]`;

/** A text of `count` words, each picked by a hash of `key` and its position. */
const textOf = (key: string, count: string): string =>
  `(select string_agg(${word(`${key} || '/' || w`)}, ' ') from generate_series(1, ${count}) as w)`;

/** A uniform number in [0, 1) from a hash of the text `key`. */
const uniform = (key: string): string => `((abs(hashtext(${key})) % 1000000) / 1000000.0::float8)`;

interface Step {
  label: string;
  sql: string;
}

/** Row counts of the helper tables, written into the statements as literals so the planner joins on keys. */
interface HelperCounts {
  organizations: number;
  staff: number;
  catalogue: number;
}

/**
 * The helper tables are unlogged (not temporary) tables: every seeding connection reads them. They
 * are dropped at the end.
 */
const helperTables = ['bench_org', 'bench_staff', 'bench_catalogue', 'bench_ticket', 'bench_event'];

export const helpers = (): Step => ({
  label: 'helper tables',
  sql: `create unlogged table bench_org as
          select row_number() over (order by o.created_at, o.id) as n, o.id,
                 array(select r.user_id from contact_roles r
                       where r.organization_id = o.id and r.role = 'technical' order by r.user_id) as technical,
                 (select r.user_id from contact_roles r where r.organization_id = o.id and r.role = 'main') as main,
                 array(select u.id from users u where u.organization_id = o.id order by u.id) as contacts
          from organizations o;
        create unique index on bench_org (n);
        create unlogged table bench_staff as
          select row_number() over (order by id) as n, id from users
          where kind = 'staff' and 'support_agent' = any(staff_roles);
        create unique index on bench_staff (n);
        create unlogged table bench_catalogue as
          select row_number() over (order by p.position, c.position) as n, p.id as product_id,
                 c.id as component_id,
                 (select v.id from product_versions v where v.product_id = p.id
                  order by v.position desc limit 1) as version_id
          from products p join product_components c on c.product_id = p.id;
        analyze bench_org, bench_staff, bench_catalogue;`,
});

/** Inclusive [first, last] ranges of 1..total, `size` at most each, in order. */
const ranges = (total: number, size: number): [number, number][] => {
  const result: [number, number][] = [];
  for (let first = 1; first <= total; first += size) result.push([first, Math.min(total, first + size - 1)]);
  return result;
};

/** Rows per statement of the chunked loads: small enough that the connections finish close together. */
const ticketsPerChunk = 20_000;
const eventsPerChunk = 80_000;

interface Plan {
  tickets: number;
  replies: number;
  count: HelperCounts;
  /** The ticket number the sequence would give next: ticket `t` gets `firstNumber + t - 1`. */
  firstNumber: number;
  /** Likewise the timeline's first id. */
  firstEventId: number;
}

const pageTicketsOf = (tickets: number, replies: number): number =>
  Math.min(pageTicketCount, Math.floor(tickets / 10), Math.floor(replies / repliesOfPageTickets));

/**
 * Tickets `first`..`last` of the plan, one a minute (oldest first): mostly closed, the newest 10%
 * still in progress. Half spread evenly over the organizations, half skewed towards a few large
 * customers (a uniform number squared); a technical contact files four in five where the organization
 * has one. Each gets the number the API would have given it, in time order, whichever connection
 * inserts it.
 */
export const ticketChunk = (plan: Plan, first: number, last: number): string => {
  const { tickets, count } = plan;
  const minutesApart = Math.max(1, Math.floor(1_000_000 / tickets));
  return `insert into tickets (number, organization_id, requester_user_id, subject, description, product_id,
                               component_id, version_id, severity, status, assignee_user_id, created_at,
                               updated_at, solved_at, closed_at, last_activity_at)
      select ${plan.firstNumber - 1} + t, o.id,
             case when cardinality(o.technical) > 0 and t % 5 <> 0
                  then o.technical[1 + t % cardinality(o.technical)] else o.main end,
             initcap(${textOf("'s' || t", '4 + t % 6')}),
             ${textOf("'d' || t", '25 + t % 40')} || ' vm' || abs(hashtext('v' || t)) % ${virtualMachineNames},
             c.product_id, c.component_id, c.version_id,
             case when t % 20 = 0 then 1 when t % 5 = 1 then 2 when t % 4 = 0 then 4 else 3 end,
             status,
             case when status <> 'new' then s.id end,
             created, created,
             case when status in ('solved', 'closed') then created + interval '3 days' end,
             case when status = 'closed' then created + interval '17 days' end,
             least(now(), created + make_interval(hours => t % 300))
      from (
        select t,
               1 + floor(case when t % 2 = 0 then ${uniform("'o' || t")} else power(${uniform("'o' || t")}, 2) end
                         * ${count.organizations})::bigint as organization,
               1 + t % ${count.catalogue} as catalogue,
               1 + t % ${count.staff} as staff,
               now() - make_interval(mins => (${tickets} - t) * ${minutesApart} + t % 7) as created,
               case
                 when t > ${tickets} * 0.97
                   then (array['new', 'open', 'open', 'pending_customer', 'on_hold'])[1 + t % 5]
                 when t > ${tickets} * 0.90 then (array['open', 'pending_customer', 'solved', 'solved'])[1 + t % 4]
                 else 'closed'
               end::ticket_status as status
        from generate_series(${first}, ${last}) as t
      ) as planned
      join bench_org o on o.n = planned.organization
      join bench_catalogue c on c.n = planned.catalogue
      join bench_staff s on s.n = planned.staff
      order by t`;
};

/** The seeded tickets by plan ordinal, with what their timeline needs. */
export const ticketOrdinals = (plan: Plan): Step => ({
  label: 'ticket ordinals',
  sql: `create unlogged table bench_ticket as
          select number - ${plan.firstNumber - 1} as t, id, organization_id, requester_user_id, created_at,
                 description, severity
          from tickets where number >= ${plan.firstNumber};
        create unique index on bench_ticket (t);
        analyze bench_ticket;`,
});

/**
 * The timeline's plan, without its texts: every event's ticket, author, kind and time, numbered in
 * time order (ids grow with time, as the API appends them) so that the chunks can be inserted on
 * several connections with the ids the API would have given. Each ticket's creation first, then the
 * replies: the page's tickets get exactly 20 public replies; every other reply goes to a ticket picked
 * four times in five evenly, once skewed towards a few long conversations; one in eight of those is
 * an internal note.
 */
export const timelinePlan = (plan: Plan): Step => {
  const { tickets, replies, count } = plan;
  const pageTickets = pageTicketsOf(tickets, replies);
  const pageReplies = pageTickets * repliesOfPageTickets;
  return {
    label: 'timeline plan',
    sql: `create unlogged table bench_event as
        select ${plan.firstEventId - 1} + row_number() over (order by created_at, t, i) as id, t, i, kind, actor_user_id,
               created_at
        from (
          select bt.t, 0 as i, 'created'::ticket_event_kind as kind, bt.requester_user_id as actor_user_id,
                 bt.created_at
          from bench_ticket bt
          union all
          select bt.t, i, kind,
                 case when kind = 'public_reply' and i % 2 = 0 then bt.requester_user_id else s.id end,
                 least(now(), bt.created_at + make_interval(mins => 10 + i % 5000))
          from (
            select i,
                   case when i <= ${pageReplies} then 1 + (i - 1) / ${repliesOfPageTickets}
                        else ${pageTickets} + 1 + floor(
                          case when i % 5 = 0 then power(${uniform("'t' || i")}, 1.5) else ${uniform("'t' || i")} end
                          * ${tickets - pageTickets})::bigint
                   end as t,
                   1 + i % ${count.staff} as staff,
                   case when i > ${pageReplies} and i % 8 = 0 then 'internal_note'
                        else 'public_reply' end::ticket_event_kind as kind
            from generate_series(1, ${replies}) as i
          ) as planned
          join bench_ticket bt on bt.t = planned.t
          join bench_staff s on s.n = planned.staff
        ) as events;
        create unique index on bench_event (id);
        analyze bench_event;`,
  };
};

/**
 * The timeline's events with ids `first`..`last` (offsets from the first id): each ticket's creation
 * with its description, as the API records it, and the replies' texts.
 */
export const timelineChunk = (plan: Plan, first: number, last: number): string =>
  `insert into ticket_events (id, ticket_id, organization_id, actor_user_id, kind, visibility, body, data,
                              created_at)
     overriding system value
     select e.id, bt.id, bt.organization_id, e.actor_user_id, e.kind,
            case when e.kind = 'internal_note' then 'internal' else 'public' end::ticket_visibility,
            case when e.kind = 'created' then bt.description
                 else ${textOf("'r' || e.i", '8 + e.i % 30')} || ' vm' || abs(hashtext('w' || e.i)) % ${virtualMachineNames}
            end,
            case when e.kind = 'created' then jsonb_build_object('severity', bt.severity, 'ccUserIds', '[]'::jsonb)
                 else '{}'::jsonb end,
            e.created_at
     from bench_event e join bench_ticket bt on bt.t = e.t
     where e.id between ${plan.firstEventId - 1 + first} and ${plan.firstEventId - 1 + last}
     order by e.id`;

/** One ticket in seven copies another contact of its organization, where it has one. */
export const ccs = (): Step => ({
  label: 'CCs',
  sql: `insert into ticket_ccs (ticket_id, user_id, organization_id, added_at)
        select bt.id, picked.other, bt.organization_id, bt.created_at
        from bench_ticket bt join bench_org o on o.id = bt.organization_id
        cross join lateral (select c as other from unnest(o.contacts) as c where c <> bt.requester_user_id
                            order by c limit 1) as picked
        where bt.t % 7 = 0`,
});

/** Non-constraint indexes and foreign keys of the ticket tables, as the migrations made them. */
const ticketTables = ['tickets', 'ticket_events', 'ticket_ccs'];

/**
 * Runs the statements on the sessions, each session taking the next one in order when it is free;
 * after a failure no new statement starts, and the first error is thrown once all have stopped.
 */
const runQueued = async (sessions: Session[], statements: string[]): Promise<void> => {
  let next = 0;
  let failed = false;
  const results = await Promise.allSettled(
    sessions.map(async (session) => {
      while (!failed && next < statements.length) {
        const statement = statements[next++] as string;
        try {
          await session.query(statement);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
};

/**
 * Seeds tickets, their timelines and CCs with set-based SQL into the real tables (their checks,
 * triggers, primary keys and generated search columns included), in chunks on `connections`
 * connections at once: the generated tsvector columns and the texts cost CPU per row, which one
 * connection cannot spread over the cores. The secondary indexes and foreign keys are dropped for the
 * load and recreated from their own definitions afterwards, on the same connections (building an
 * index, and validating a key, once is far quicker than row by row); the sequences are left where the
 * API would have left them; everything ends as the migrations left it. Returns the time of each step.
 */
export const seedTickets = async (
  pool: Pool,
  counts: { tickets: number; replies: number },
  connections: number,
): Promise<Record<string, number>> => {
  const timings: Record<string, number> = {};
  const timed = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    timings[label] = performance.now() - started;
  };
  const sessions: Session[] = [];
  try {
    for (let n = 0; n < connections; n++) sessions.push(await connect(pool));
    for (const session of sessions) {
      // Index builds and the timeline plan's sort hold their rows in memory rather than spilling.
      await session.query(`set maintenance_work_mem = '512MB'`);
      await session.query(`set work_mem = '256MB'`);
      // Compiling these one-off statements takes seconds and saves nothing.
      await session.query('set jit = off');
      // The sessions already keep every core busy: parallel workers of an index build would only queue.
      await session.query('set max_parallel_maintenance_workers = 0');
      // A crash mid-seeding discards the data set anyway: no need to wait for each commit's flush.
      await session.query('set synchronous_commit = off');
    }
    const [main] = sessions as [Session, ...Session[]];
    // The slowest builds first (the search indexes, then the timeline's), so none is left alone at the end.
    const indexes = await main.query<{ name: string; definition: string }>(
      `select i.indexname as name, i.indexdef as definition
       from pg_indexes i
       where i.schemaname = 'public' and i.tablename = any($1)
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
       order by i.indexdef like '% USING gin %' desc, i.tablename = 'ticket_events' desc, i.indexname`,
      [ticketTables],
    );
    const foreignKeys = await main.query<{ table: string; name: string; definition: string }>(
      `select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c
       where c.contype = 'f' and c.conrelid::regclass::text = any($1)
       order by c.conname`,
      [ticketTables],
    );
    await timed('drop indexes and foreign keys', async () => {
      for (const key of foreignKeys.rows)
        await main.query(`alter table ${key.table} drop constraint ${key.name}`);
      for (const index of indexes.rows) await main.query(`drop index ${index.name}`);
    });
    await timed(helpers().label, () => main.query(helpers().sql));
    const sizes = await main.query<HelperCounts & { firstNumber: string; firstEventId: string }>(
      `select (select count(*) from bench_org)::int as organizations, (select count(*) from bench_staff)::int as staff,
              (select count(*) from bench_catalogue)::int as catalogue,
              nextval('ticket_number_seq') as "firstNumber", nextval('ticket_events_id_seq') as "firstEventId"`,
    );
    const row = sizes.rows[0];
    if (!row || row.organizations === 0 || row.staff === 0) {
      throw new Error('Tickets need the seeded organizations and support agents');
    }
    const plan: Plan = {
      ...counts,
      count: { organizations: row.organizations, staff: row.staff, catalogue: row.catalogue },
      firstNumber: Number(row.firstNumber),
      firstEventId: Number(row.firstEventId),
    };
    await timed('tickets', () =>
      runQueued(
        sessions,
        ranges(counts.tickets, ticketsPerChunk).map(([first, last]) => ticketChunk(plan, first, last)),
      ),
    );
    await timed(ticketOrdinals(plan).label, () => main.query(ticketOrdinals(plan).sql));
    await timed(timelinePlan(plan).label, () => main.query(timelinePlan(plan).sql));
    const planned = await main.query<{ events: number }>('select count(*)::int as events from bench_event');
    const events = planned.rows[0]?.events ?? 0;
    await timed('timeline: created events, replies and internal notes', () =>
      runQueued(
        sessions,
        ranges(events, eventsPerChunk).map(([first, last]) => timelineChunk(plan, first, last)),
      ),
    );
    await main.query(`select setval('ticket_number_seq', $1), setval('ticket_events_id_seq', $2)`, [
      plan.firstNumber - 1 + counts.tickets,
      plan.firstEventId - 1 + events,
    ]);
    await timed(ccs().label, () => main.query(ccs().sql));
    await timed('drop the helper tables', () => main.query(`drop table ${helperTables.join(', ')}`));
    await timed('recreate indexes', () =>
      runQueued(
        sessions,
        indexes.rows.map((index) => index.definition),
      ),
    );
    await timed('recreate and validate foreign keys', async () => {
      // Adding a key locks both tables against adding another (two connections adding keys deadlock);
      // validating one only locks its own table against another validation: add them unchecked one
      // after the other, then validate each table's keys on its own connection.
      for (const key of foreignKeys.rows) {
        await main.query(`alter table ${key.table} add constraint ${key.name} ${key.definition} not valid`);
      }
      const validations = ticketTables
        .map((table) =>
          foreignKeys.rows
            .filter((key) => key.table === table)
            .map((key) => `alter table ${key.table} validate constraint ${key.name}`)
            .join(';\n'),
        )
        .filter((statement) => statement !== '');
      await runQueued(sessions, validations);
    });
  } catch (error) {
    await sessions[0]?.query(`drop table if exists ${helperTables.join(', ')}`).catch(() => undefined);
    throw error;
  } finally {
    for (const session of sessions) session.release();
  }
  return timings;
};
