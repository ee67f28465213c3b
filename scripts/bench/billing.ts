import type { DatabaseHandle } from '../../apps/api/src/db/client';
import { type Scenario, type Signing, tokensOf } from './scenarios';

/** Invoices of the organization whose invoice list is measured. */
export const listedInvoices = 1_000;
/** Ledger rows of the account whose statement is measured: half invoices, half payments. */
export const statementLedgerRows = 10_000;

/** Issued invoices of every other organization: a year of monthly invoices, so that the planner sees many. */
export const otherInvoicesEach = 12;

/**
 * Writes `count` issued invoices of one line for each of the organizations, set-based, through the
 * database's rules (drafts, their lines, then issued; numbers from their own series so they never meet
 * the API's), `every` days apart up to today, and a payment of all of them (`paid: 'all'`), of every other
 * one (`'half'`) or of none, ten days after issue. Returns nothing: the rows are the result.
 */
const seedInvoices = async (
  pool: DatabaseHandle['pool'],
  organizationIds: readonly string[],
  {
    count,
    series,
    paid,
    every,
  }: { count: number; series: string; paid: 'all' | 'half' | 'none'; every: number },
) => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `create temporary table bench_drafts on commit drop as
       with made as (
         insert into invoices (organization_id, currency, series, subtotal_minor, tax_minor, total_minor)
         select o.id, 'EUR', $2::text, 10000 + n, 2000, 12000 + n
         from unnest($1::uuid[]) o(id) cross join generate_series(1, $3::int) n
         returning id, organization_id, subtotal_minor)
       select id, organization_id, subtotal_minor, row_number() over (order by id) as number,
         row_number() over (partition by organization_id order by id) as position
       from made`,
      [organizationIds, series, count],
    );
    await client.query(
      `insert into invoice_lines (invoice_id, organization_id, position, description, quantity, unit_price_minor,
         tax_rate_basis_points, net_minor, tax_minor)
       select id, organization_id, 1, 'Support, period ' || position, 1, subtotal_minor, 2000, subtotal_minor, 2000
       from bench_drafts`,
    );
    // Issued oldest first, the last today; due thirty days later.
    await client.query(
      `update invoices i set document_status = 'issued', number_year = 2026, number = d.number,
         issue_date = current_date - (($1::int - d.position)::int * $2::int % 1000),
         due_date = current_date - (($1::int - d.position)::int * $2::int % 1000) + 30,
         bill_to_name = 'Benchmark customer', issued_at = now()
       from bench_drafts d where i.id = d.id`,
      [count, every],
    );
    if (paid !== 'none') {
      await client.query(
        `insert into invoice_payments (invoice_id, organization_id, currency, amount_minor, method, reference, received_on)
         select i.id, i.organization_id, 'EUR', i.total_minor, 'bank_transfer', 'TRF-' || i.number, i.issue_date + 10
         from invoices i join bench_drafts d on d.id = i.id
         where $1::boolean or d.position % 2 = 0`,
        [paid === 'all'],
      );
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
};

/**
 * The invoice list of an organization with 1,000 invoices, and a statement of an account with 10,000
 * ledger rows as page, CSV and PDF (issue 11's benchmarks; goals: page p99 ≤ 50 ms, PDF ≤ 1 s). The data
 * is written on first use and kept with a kept database (BENCH_DATABASE); the statement is generated once
 * through the API, then read.
 */
export const billingScenarios = async (
  signing: Signing,
  pool: DatabaseHandle['pool'],
  apiUrl: string,
  connections: number,
): Promise<Scenario[]> => {
  const { rows: mains } = await pool.query<{ user_id: string; organization_id: string }>(
    `select user_id, organization_id from contact_roles where role = 'main' order by md5(organization_id::text) limit 2`,
  );
  const [listed, stated] = mains;
  if (!listed || !stated) throw new Error('No two organizations to bill in the seeded data set');
  const { rows: counts } = await pool.query<{ series: string; count: number }>(
    `select series, count(*)::int as count from invoices where series in ('BENCHL', 'BENCHS', 'BENCHO') group by series`,
  );
  const has = (series: string) => counts.some((row) => row.series === series);
  if (!has('BENCHL'))
    await seedInvoices(pool, [listed.organization_id], {
      count: listedInvoices,
      series: 'BENCHL',
      paid: 'none',
      every: 1,
    });
  if (!has('BENCHS')) {
    await seedInvoices(pool, [stated.organization_id], {
      count: statementLedgerRows / 2,
      series: 'BENCHS',
      paid: 'all',
      every: 1,
    });
  }
  if (!has('BENCHO')) {
    const { rows: others } = await pool.query<{ organization_id: string }>(
      `select distinct organization_id from contact_roles where role = 'main' and organization_id <> all($1::uuid[])`,
      [[listed.organization_id, stated.organization_id]],
    );
    await seedInvoices(
      pool,
      others.map((row) => row.organization_id),
      { count: otherInvoicesEach, series: 'BENCHO', paid: 'half', every: 30 },
    );
  }
  await pool.query('analyze invoices; analyze invoice_lines; analyze invoice_payments');
  const [listedToken, statedToken] = await tokensOf(signing, pool, [listed.user_id, stated.user_id]);
  if (!listedToken || !statedToken) throw new Error('No tokens for the billing contacts');
  const generated = await fetch(`${apiUrl}/v1/statements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${statedToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ currency: 'EUR', from: '2020-01-01', to: '2030-12-31' }),
  });
  if (generated.status !== 201) throw new Error(`The statement was not generated: ${await generated.text()}`);
  const statement = (await generated.json()) as { id: string; rows: unknown[] };
  const rows = statement.rows.length.toLocaleString('en-US');
  const pageGoals = { maxP99Ms: 50 };
  const downloadGoals = { maxP99Ms: 1_000 };
  // The issue names no concurrency: one organization's billing pages are read by a few people at once,
  // not by fifty; the pages are measured at 10 connections (the PDF one at a time).
  const pageConnections = Math.min(connections, 10);
  return [
    {
      name: `GET /v1/invoices (an organization with ${listedInvoices.toLocaleString('en-US')} invoices, first page)`,
      kind: 'authenticated read',
      method: 'GET',
      path: '/v1/invoices',
      connections: pageConnections,
      tokens: [listedToken],
      bodyContains: '"totals":[{"currency":"EUR"',
      goals: pageGoals,
    },
    {
      name: `GET /v1/statements/:id (${rows} ledger rows)`,
      kind: 'authenticated read',
      method: 'GET',
      path: `/v1/statements/${statement.id}`,
      connections: pageConnections,
      tokens: [statedToken],
      bodyContains: '"closingMinor"',
      goals: pageGoals,
    },
    {
      name: `GET /v1/statements/:id/csv (${rows} ledger rows)`,
      kind: 'authenticated read',
      method: 'GET',
      path: `/v1/statements/${statement.id}/csv`,
      connections: pageConnections,
      tokens: [statedToken],
      // As a browser asks for it: the CSV is kept gzipped and sent as kept.
      headers: { 'accept-encoding': 'gzip, deflate, br' },
      contentEncoding: 'gzip',
      bodyContains: 'Closing balance',
      // A download, as the PDF is: the goals are the page's (≤ 50 ms) and the PDF's (≤ 1 s).
      goals: downloadGoals,
    },
    {
      // One at a time: how long a person waits for the PDF (goal ≤ 1 s).
      name: `GET /v1/statements/:id/pdf (${rows} ledger rows, one request at a time)`,
      kind: 'authenticated read',
      method: 'GET',
      path: `/v1/statements/${statement.id}/pdf`,
      connections: 1,
      tokens: [statedToken],
      bodyContains: '%PDF-',
      goals: downloadGoals,
    },
  ];
};
