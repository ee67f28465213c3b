import type { DatabaseHandle } from '../../apps/api/src/db/client';
import { seedTickets } from './seed-tickets';

export interface SeedSummary {
  milliseconds: number;
  /** Milliseconds of each step of the tickets' seeding. */
  ticketSteps: Record<string, number>;
  counts: Record<string, number>;
}

/** Partners among the organizations; about 40% of the customers were registered by one of them. */
const partnerShare = 0.03;
const staffMembers = 300;
/**
 * Connections loading the tickets and their timelines side by side: on 2 busy cores 3 took the
 * 200,000-ticket set from 455 s to 284 s (2 and 4 not yet compared under the same load).
 */
export const seedConnections = 3;

/**
 * A large, deterministic data set built with set-based SQL (generate_series and INSERT … SELECT)
 * in one transaction; hashtext() spreads subscription counts and tiers evenly. Every row respects
 * the schema's constraints: one main contact per organization, at most one administrative contact,
 * unique lower(email).
 *
 * Per organization n: 1–3 subscriptions across the tiers; a main contact (on basic-only
 * organizations every second main contact is also the administrative one); an administrative
 * contact on advanced and premium ones; one technical contact on advanced, two on premium. Every
 * contact has the same password: one argon2id hash, computed once by the caller and stored as is
 * (hashing 32,000 passwords would take minutes and measure nothing more).
 */
const statements = (
  organizations: number,
  partners: number,
  passwordHash: string,
): (string | { text: string; values: unknown[] })[] => [
  `create temp table bench_org on commit drop as
     select n, gen_random_uuid() as id from generate_series(1, ${organizations}) as n`,

  `insert into organizations (id, name, kind, partner_level, registering_partner_id, created_at, updated_at)
     select o.id,
            case when o.n <= ${partners} then format('Partner %s Systems', o.n) else format('Customer %s Ltd', o.n) end,
            case when o.n <= ${partners} then 'partner' else 'customer' end::organization_kind,
            case when o.n <= ${partners}
                 then (array['registered', 'silver', 'gold', 'platinum'])[1 + o.n % 4]::partner_level end,
            p.id,
            now() - make_interval(days => o.n % 1500),
            now() - make_interval(days => o.n % 90)
     from bench_org o
     left join bench_org p on o.n > ${partners} and o.n % 5 < 2 and p.n = 1 + o.n % ${partners}`,

  `insert into subscriptions (organization_id, tier, servers, term_start, term_end, status)
     select id, tier, servers, term_start, term_start + 365,
            case when (n + k) % 17 = 0 then 'cancelled'
                 when term_start + 365 < current_date then 'expired'
                 else 'active' end::subscription_status
     from (
       select o.id, o.n, k,
              (array['basic', 'advanced', 'premium'])[1 + abs(hashtext(format('%s/%s', o.n, k))) % 3]::subscription_tier as tier,
              1 + (o.n * 7 + k * 13) % 60 as servers,
              date '2025-01-01' + (o.n * 11 + k * 37) % 540 as term_start
       from bench_org o
       cross join lateral generate_series(1, 1 + abs(hashtext(o.n::text)) % 3) as k
     ) as planned`,

  `create temp table bench_contact on commit drop as
     with best as (
       select o.id, o.n, max(s.tier) as tier
       from bench_org o join subscriptions s on s.organization_id = o.id
       group by o.id, o.n
     )
     select gen_random_uuid() as id, best.id as organization_id, best.n, slot.name as slot, slot.roles
     from best
     cross join lateral (values
       ('main', case when best.tier = 'basic' and best.n % 2 = 0
                     then array['main', 'administrative'] else array['main'] end::contact_role[]),
       ('admin', case when best.tier <> 'basic' then array['administrative']::contact_role[] end),
       ('tech1', case when best.tier <> 'basic' then array['technical']::contact_role[] end),
       ('tech2', case when best.tier = 'premium' then array['technical']::contact_role[] end)
     ) as slot(name, roles)
     where slot.roles is not null`,

  {
    text: `insert into users (id, kind, organization_id, email, name, phone, password_hash)
             select id, 'contact', organization_id,
                    format('%s-%s@org%s.bench.example', slot, n, n),
                    format('%s %s of organization %s', initcap(slot), n, n),
                    case when n % 3 = 0 then format('+49 30 %s', 1000000 + n) end,
                    $1
             from bench_contact`,
    values: [passwordHash],
  },

  `insert into contact_roles (organization_id, user_id, role)
     select organization_id, id, unnest(roles) from bench_contact`,

  `insert into users (kind, email, name, staff_roles)
     select 'staff', format('staff-%s@vendor.bench.example', n), format('Staff member %s', n),
            array[(array['support_agent', 'billing', 'account_manager', 'admin'])[1 + n % 4]]::staff_role[]
     from generate_series(1, ${staffMembers}) as n`,
];

const countedTables = [
  'organizations',
  'subscriptions',
  'users',
  'contact_roles',
  'tickets',
  'ticket_events',
  'ticket_ccs',
] as const;

export const seedLargeDataSet = async (
  pool: DatabaseHandle['pool'],
  organizations: number,
  /** The argon2id hash every contact gets (staff keep none). */
  passwordHash: string,
  ticketCounts: { tickets: number; replies: number },
  connections = seedConnections,
): Promise<SeedSummary> => {
  const partners = Math.max(1, Math.round(organizations * partnerShare));
  const started = performance.now();
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (const statement of statements(organizations, partners, passwordHash)) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  // Millions of rows loaded at once announce nothing: no API listens yet, and the notifications would only
  // fill PostgreSQL's queue (migration 0017's trigger, for live events). On again before any load.
  await pool.query('alter table ticket_events disable trigger ticket_events_notify');
  let ticketSteps: Awaited<ReturnType<typeof seedTickets>>;
  try {
    ticketSteps = await seedTickets(pool, ticketCounts, connections);
  } finally {
    await pool.query('alter table ticket_events enable trigger ticket_events_notify');
  }
  // Without statistics the planner would guess at the bulk-loaded tables; vacuumed as autovacuum would
  // soon do it (the visibility map that index-only scans need), rather than during the measurements.
  await pool.query('vacuum (analyze)');
  const milliseconds = performance.now() - started;
  return { milliseconds, ticketSteps, counts: await countSeeded(pool) };
};

/** What the data set holds, table by table and by kind. */
export const countSeeded = async (pool: DatabaseHandle['pool']): Promise<Record<string, number>> => {
  const counts: Record<string, number> = {};
  for (const table of countedTables) {
    const result = await pool.query<{ count: string }>(`select count(*) as count from ${table}`);
    counts[table] = Number(result.rows[0]?.count ?? 0);
  }
  const detail = await pool.query<{ name: string; count: string }>(
    `select 'partner organizations' as name, count(*) as count from organizations where kind = 'partner'
     union all select 'end users of partners', count(*) from organizations where registering_partner_id is not null
     union all select 'staff users', count(*) from users where kind = 'staff'
     union all select 'contact users', count(*) from users where kind = 'contact'
     union all select 'contacts with a password', count(*) from users where kind = 'contact' and password_hash is not null
     union all select 'open tickets', count(*) from tickets where status not in ('solved', 'closed')
     union all select 'public replies', count(*) from ticket_events where kind = 'public_reply'
     union all select 'internal notes', count(*) from ticket_events where kind = 'internal_note'`,
  );
  for (const row of detail.rows) counts[row.name] = Number(row.count);
  return counts;
};
