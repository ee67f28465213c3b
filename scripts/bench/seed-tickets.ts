import type { DatabaseHandle } from '../../apps/api/src/db/client';

/** A pooled connection: the session settings of the seeding stay on it. */
type Client = Pick<DatabaseHandle['pool'], 'query'>;

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

export const helpers = (): Step => ({
  label: 'helper tables',
  sql: `create temp table bench_org as
          select row_number() over (order by o.created_at, o.id) as n, o.id,
                 array(select r.user_id from contact_roles r
                       where r.organization_id = o.id and r.role = 'technical' order by r.user_id) as technical,
                 (select r.user_id from contact_roles r where r.organization_id = o.id and r.role = 'main') as main,
                 array(select u.id from users u where u.organization_id = o.id order by u.id) as contacts
          from organizations o;
        create unique index on bench_org (n);
        create temp table bench_staff as
          select row_number() over (order by id) as n, id from users
          where kind = 'staff' and 'support_agent' = any(staff_roles);
        create unique index on bench_staff (n);
        create temp table bench_catalogue as
          select row_number() over (order by p.position, c.position) as n, p.id as product_id,
                 c.id as component_id,
                 (select v.id from product_versions v where v.product_id = p.id
                  order by v.position desc limit 1) as version_id
          from products p join product_components c on c.product_id = p.id;
        analyze bench_org, bench_staff, bench_catalogue;`,
});

export const steps = (tickets: number, replies: number, count: HelperCounts): Step[] => {
  // The ticket page's tickets: the first ordinals (their organizations are spread by the hash below).
  const pageTickets = Math.min(
    pageTicketCount,
    Math.floor(tickets / 10),
    Math.floor(replies / repliesOfPageTickets),
  );
  const pageReplies = pageTickets * repliesOfPageTickets;
  const minutesApart = Math.max(1, Math.floor(1_000_000 / tickets));
  return [
    {
      // One a minute (oldest first): mostly closed, the newest 10% still in progress. Half spread
      // evenly over the organizations, half skewed towards a few large customers (a uniform number
      // squared); a technical contact files four in five where the organization has one.
      label: 'tickets',
      sql: `insert into tickets (organization_id, requester_user_id, subject, description, product_id,
                                 component_id, version_id, severity, status, assignee_user_id, created_at,
                                 updated_at, solved_at, closed_at, last_activity_at)
        select o.id,
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
          from generate_series(1, ${tickets}) as t
        ) as planned
        join bench_org o on o.n = planned.organization
        join bench_catalogue c on c.n = planned.catalogue
        join bench_staff s on s.n = planned.staff
        order by t`,
    },
    {
      label: 'ticket ordinals',
      sql: `create temp table bench_ticket as
          select row_number() over (order by number) as t, id, organization_id, requester_user_id, created_at,
                 description, severity
          from tickets;
        create unique index on bench_ticket (t);
        analyze bench_ticket;`,
    },
    {
      // The timeline in time order (ids grow with time, as the API appends them): each ticket's
      // creation with its description, as the API records it, then the replies. The page's tickets get
      // exactly 20 public replies; every other reply goes to a ticket picked four times in five evenly,
      // once skewed towards a few long conversations; one in eight of those is an internal note.
      label: 'timeline: created events, replies and internal notes',
      sql: `insert into ticket_events (ticket_id, organization_id, actor_user_id, kind, visibility, body, data,
                                       created_at)
        select ticket_id, organization_id, actor_user_id, kind, visibility, body, data, created_at
        from (
          select bt.id as ticket_id, bt.organization_id, bt.requester_user_id as actor_user_id,
                 'created'::ticket_event_kind as kind, 'public'::ticket_visibility as visibility,
                 bt.description as body,
                 jsonb_build_object('severity', bt.severity, 'ccUserIds', '[]'::jsonb) as data,
                 bt.created_at
          from bench_ticket bt
          union all
          select bt.id, bt.organization_id,
                 case when kind = 'public_reply' and i % 2 = 0 then bt.requester_user_id else s.id end,
                 kind, case when kind = 'internal_note' then 'internal' else 'public' end::ticket_visibility,
                 ${textOf("'r' || i", '8 + i % 30')} || ' vm' || abs(hashtext('w' || i)) % ${virtualMachineNames},
                 '{}'::jsonb,
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
        ) as events
        order by created_at`,
    },
    {
      // One ticket in seven copies another contact of its organization, where it has one.
      label: 'CCs',
      sql: `insert into ticket_ccs (ticket_id, user_id, organization_id, added_at)
        select bt.id, picked.other, bt.organization_id, bt.created_at
        from bench_ticket bt join bench_org o on o.id = bt.organization_id
        cross join lateral (select c as other from unnest(o.contacts) as c where c <> bt.requester_user_id
                            order by c limit 1) as picked
        where bt.t % 7 = 0`,
    },
    {
      label: 'drop the helper tables',
      sql: 'drop table bench_org, bench_staff, bench_catalogue, bench_ticket',
    },
  ];
};

/** Non-constraint indexes and foreign keys of the ticket tables, as the migrations made them. */
const ticketTables = ['tickets', 'ticket_events', 'ticket_ccs'];

/**
 * Seeds tickets, their timelines and CCs with set-based SQL into the real tables (their triggers and
 * generated search columns included). Their secondary indexes and foreign keys are dropped for the
 * load and recreated from their own definitions afterwards (building an index, and validating a key,
 * once is far quicker than row by row); everything ends as the migrations left it. Returns the time
 * of each step.
 */
export const seedTickets = async (
  client: Client,
  counts: { tickets: number; replies: number },
): Promise<Record<string, number>> => {
  const timings: Record<string, number> = {};
  const timed = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    timings[label] = performance.now() - started;
  };
  // Index builds and the timeline's sort by time hold their rows in memory rather than spilling.
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query(`set work_mem = '256MB'`);
  // Compiling these one-off statements takes seconds and saves nothing.
  await client.query('set jit = off');
  const indexes = await client.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition
     from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [ticketTables],
  );
  const foreignKeys = await client.query<{ table: string; name: string; definition: string }>(
    `select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
     from pg_constraint c
     where c.contype = 'f' and c.conrelid::regclass::text = any($1)`,
    [ticketTables],
  );
  await timed('drop indexes and foreign keys', async () => {
    for (const key of foreignKeys.rows)
      await client.query(`alter table ${key.table} drop constraint ${key.name}`);
    for (const index of indexes.rows) await client.query(`drop index ${index.name}`);
  });
  await timed(helpers().label, () => client.query(helpers().sql));
  const sizes = await client.query<HelperCounts>(
    `select (select count(*) from bench_org)::int as organizations, (select count(*) from bench_staff)::int as staff,
            (select count(*) from bench_catalogue)::int as catalogue`,
  );
  const helperCounts = sizes.rows[0];
  if (!helperCounts || helperCounts.organizations === 0 || helperCounts.staff === 0) {
    throw new Error('Tickets need the seeded organizations and support agents');
  }
  for (const step of steps(counts.tickets, counts.replies, helperCounts)) {
    await timed(step.label, () => client.query(step.sql));
  }
  await timed('recreate indexes', async () => {
    for (const index of indexes.rows) await client.query(index.definition);
  });
  await timed('recreate and validate foreign keys', async () => {
    for (const key of foreignKeys.rows) {
      await client.query(`alter table ${key.table} add constraint ${key.name} ${key.definition}`);
    }
  });
  return timings;
};
