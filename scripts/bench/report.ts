import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { type LiveLatencyResult, maxLiveP99Ms } from './live-latency';
import type { PasswordHashing } from './password-hashing';
import { goalsByKind, goalsOf, maxApiRssMegabytes, type ScenarioResult } from './scenarios';
import type { SeedSummary } from './seed-large';

export interface RunFacts {
  date: Date;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  signInConnections: number;
  /** Contacts whose tokens (or credentials, for sign-in) the scenarios rotate. */
  contacts: number;
  database: string;
  postgresVersion: string;
  /** The 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage: number;
  /** Percent of CPU time the hypervisor gave to other guests while the scenarios ran (Linux only). */
  steal: number | undefined;
  seed: SeedSummary;
  results: ScenarioResult[];
  passwordHashing: PasswordHashing;
  memory: ApiMemory | undefined;
  /** Live events' delivery latency, when measured (scripts/bench/live-latency.ts). */
  liveEvents: LiveLatencyResult[];
}

/** The API process's resident memory (Linux), in MB. */
export interface ApiMemory {
  atStartMegabytes: number;
  /** After the last scenario. */
  currentMegabytes: number;
  /** The most it ever held (VmHWM), start-up and every scenario included. */
  peakMegabytes: number;
}

/**
 * The floor's measurement the run compares with: it is measured first and again last, and the machine's
 * pace drifts during a run, so the faster of the two counts (the stricter yardstick).
 */
const floorOf = (results: ScenarioResult[]): ScenarioResult | undefined =>
  results
    .filter((result) => result.kind === 'floor')
    .reduce<ScenarioResult | undefined>(
      (best, result) => (best && best.requestsPerSecond >= result.requestsPerSecond ? best : result),
      undefined,
    );

/** The scenario's throughput as a share of the floor's in the same run, when both were measured. */
const shareOfFloor = (result: ScenarioResult, results: ScenarioResult[]): number | undefined => {
  const floor = floorOf(results)?.requestsPerSecond ?? 0;
  if (result.kind === 'floor' || floor <= 0) return undefined;
  return result.requestsPerSecond / floor;
};

const sharePercent = (share: number | undefined): string =>
  share === undefined ? '–' : `${Math.round(share * 100)}%`;

/** Whether the scenario meets its kind's goals: `yes`, `no: …` or `–` (no goal for its kind). */
export const verdictOf = (result: ScenarioResult, results: ScenarioResult[]): string => {
  const goals = goalsOf(result);
  if (!goals || (goals.minShareOfFloor === undefined && goals.maxP99Ms === undefined)) return '–';
  const misses: string[] = [];
  if (goals.minShareOfFloor !== undefined) {
    const share = shareOfFloor(result, results);
    if (share === undefined) misses.push('floor not measured');
    else if (share < goals.minShareOfFloor)
      misses.push(`below ${Math.round(goals.minShareOfFloor * 100)}% of the floor`);
  }
  if (goals.maxP99Ms !== undefined && result.latencyP99 > goals.maxP99Ms) {
    misses.push(`p99 over ${goals.maxP99Ms} ms`);
  }
  return misses.length === 0 ? 'yes' : `no: ${misses.join(', ')}`;
};

/** CPU time per request, in µs, of the serving process, PostgreSQL and the load generator. */
interface CpuPerRequest {
  server: number;
  postgres: number;
  loadGenerator: number;
  total: number;
}

const cpuPerRequestOf = (result: ScenarioResult): CpuPerRequest | undefined => {
  const { apiCores, postgresCores, loadGeneratorCores, requestsPerSecond } = result;
  if (
    apiCores === undefined ||
    postgresCores === undefined ||
    loadGeneratorCores === undefined ||
    requestsPerSecond <= 0
  )
    return undefined;
  const micros = (cores: number) => (cores * 1_000_000) / requestsPerSecond;
  const server = micros(apiCores);
  const postgres = micros(postgresCores);
  const loadGenerator = micros(loadGeneratorCores);
  return { server, postgres, loadGenerator, total: server + postgres + loadGenerator };
};

/**
 * Where each request's CPU goes, beside the floor's, and what that allows: on a machine kept busy, the
 * requests served per second go as the inverse of the CPU time each takes. So a read whose PostgreSQL
 * work alone (with the load generator's share) costs more than the floor's whole request, over the goal's
 * share, cannot reach that share however little the API itself does.
 */
export const cpuSection = (results: ScenarioResult[], minShare: number): string => {
  const floor = floorOf(results);
  const floorCpu = floor && cpuPerRequestOf(floor);
  const rows = results.flatMap((result) => {
    const cpu = cpuPerRequestOf(result);
    if (!cpu || (result.kind === 'floor' && result !== floor)) return [];
    const ofFloor = (value: number) => (floorCpu ? `${(value / floorCpu.total).toFixed(1)}×` : '–');
    // Were the API's own work as cheap as the floor server's: the share its other costs still allow.
    const bound =
      floorCpu && result.kind !== 'floor'
        ? floorCpu.total / (floorCpu.server + cpu.postgres + cpu.loadGenerator)
        : undefined;
    const cells = [
      result.name,
      whole(cpu.server),
      whole(cpu.postgres),
      whole(cpu.loadGenerator),
      whole(cpu.total),
      ofFloor(cpu.total),
      result.kind === 'floor' ? '–' : ofFloor(cpu.postgres),
      bound === undefined ? '–' : `${Math.round(Math.min(bound, 9.99) * 100)}%`,
    ];
    return [`| ${cells.join(' | ')} |`];
  });
  if (rows.length === 0 || !floorCpu) return '';
  return `
### Where each request's CPU goes

CPU time per request, in µs: the process serving it (the API, or the floor's server), PostgreSQL's
processes (the server on this machine: its backends and writers), and the load generator; each is the
CPU seconds the process used over the scenario, warm-up included, over its requests per second. With the
machine's CPUs kept busy, requests per second go as the inverse of the total: a read costing ${(1 / minShare).toFixed(1)} times
the floor's total can reach ${Math.round(minShare * 100)}% of the floor's throughput. The last column is the share of the floor a
read could reach if the API's own work cost no more than the floor server's, PostgreSQL and the load
generator doing what they did: a read whose column is under ${Math.round(minShare * 100)}% cannot reach the goal by work on
the API's code alone.

| Scenario | Serving process (µs) | PostgreSQL (µs) | Load generator (µs) | Total (µs) | Total, of the floor's | PostgreSQL, of the floor's total | Of floor, at most, with the floor server's cost |
|---|--:|--:|--:|--:|--:|--:|--:|
${rows.join('\n')}
`;
};

const megabytes = (value: number): string => `${Math.round(value)} MB`;

/** The API's resident memory after a scenario, and its peak so far: where the peak was reached. */
const rssOf = (result: ScenarioResult): string =>
  result.apiRssMegabytes === undefined || result.apiPeakRssMegabytes === undefined
    ? '–'
    : `${Math.round(result.apiRssMegabytes)} (${Math.round(result.apiPeakRssMegabytes)})`;

const memoryLine = (memory: ApiMemory | undefined): string =>
  memory === undefined
    ? 'API resident memory: unknown (no /proc)'
    : `API resident memory: ${megabytes(memory.atStartMegabytes)} once started, ` +
      `${megabytes(memory.currentMegabytes)} after the run, peak ${megabytes(memory.peakMegabytes)} ` +
      `(goal ≤ ${maxApiRssMegabytes} MB: ${memory.peakMegabytes <= maxApiRssMegabytes ? 'met' : 'missed'})`;

const whole = (value: number): string => Math.round(value).toLocaleString('en-US');
// autocannon records latencies in whole milliseconds.
const millis = (value: number): string => String(Math.round(value * 10) / 10);

/** The machine, read at run time: no host names, no paths. */
const machine = (): string => {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown CPU';
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  const system = `${os.type()} ${os.arch()}`;
  return `${os.availableParallelism()} CPUs (${model}), ${memory} GiB memory, ${system}, Node ${process.version}`;
};

const commit = (): string => {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' + uncommitted changes' : ''}`;
};

const cores = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(2));
const percent = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(0));

const columns = (cells: string[]): string =>
  cells.map((cell, index) => (index === 0 ? cell : cell.padStart(9))).join('  ');

export const printResults = (results: ScenarioResult[], memory: ApiMemory | undefined): void => {
  const width = Math.max(...results.map((result) => result.name.length));
  const header = [
    'scenario'.padEnd(width),
    'conns',
    'req/s',
    'p50 ms',
    'p99 ms',
    'requests',
    'API CPUs',
    'busy %',
    'API RSS MB (peak)',
    'of floor',
    'goals met',
  ];
  console.log(`\n${columns(header)}`);
  for (const result of results) {
    const { requestsPerSecond, latencyP50, latencyP99, totalRequests } = result;
    console.log(
      columns([
        result.name.padEnd(width),
        String(result.connections),
        whole(requestsPerSecond),
        millis(latencyP50),
        millis(latencyP99),
        whole(totalRequests),
        cores(result.apiCores),
        percent(result.machineBusy),
        rssOf(result),
        sharePercent(shareOfFloor(result, results)),
        verdictOf(result, results),
      ]),
    );
  }
  console.log(`\n${memoryLine(memory)}`);
};

const section = (text: string, name: string): string | undefined => {
  const match = text.match(new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`));
  return match?.[1];
};

const defaultNotes = `- Write observations here: this section is kept by each run.
`;

const historyHeader = '| Date | Commit | Machine | Scenario figures: req/s (p99 ms) |\n|---|---|---|---|\n';
const historyLimit = 30;

/** Rewrites the file wholly, keeping its hand-written notes and the earlier history rows. */
export const writeReport = (file: string, facts: RunFacts): void => {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = section(previous, 'notes') ?? defaultNotes;
  const earlierRows = (section(previous, 'history') ?? '')
    .split('\n')
    .filter((line) => /^\| \d{4}-\d{2}-\d{2}/.test(line));

  const day = facts.date.toISOString().slice(0, 10);
  const steal = facts.steal === undefined ? '' : `, steal ${facts.steal.toFixed(0)}%`;
  const cpus = `${os.availableParallelism()} CPUs, Node ${process.version}${steal}`;
  const figures = facts.results
    .map(
      (result) =>
        `${result.name.split(' (')[0]}: ${whole(result.requestsPerSecond)} (${millis(result.latencyP99)})`,
    )
    .concat(
      facts.liveEvents.map((live) => `${live.name}: p50 ${millis(live.p50)} ms, p99 ${millis(live.p99)} ms`),
    )
    .join('; ');
  const verify = facts.passwordHashing.verify;
  const peak = facts.memory ? `; API RSS peak ${megabytes(facts.memory.peakMegabytes)}` : '';
  const rows = [
    `| ${day} | ${commit()} | ${cpus} | ${figures}; argon2id verify: ${millis(verify.mean)} ms${peak} |`,
    ...earlierRows,
  ].slice(0, historyLimit);

  const counts = facts.seed.counts;
  const count = (name: string) => whole(counts[name] ?? 0);
  const table = facts.results
    .map((result) => {
      const cells = [
        result.name,
        String(result.connections),
        whole(result.requestsPerSecond),
        millis(result.latencyP50),
        millis(result.latencyP99),
        whole(result.totalRequests),
        String(result.durationSeconds),
        cores(result.apiCores),
        percent(result.machineBusy),
        rssOf(result),
        sharePercent(shareOfFloor(result, facts.results)),
        verdictOf(result, facts.results),
      ];
      return `| ${cells.join(' | ')} |`;
    })
    .join('\n');

  const liveTable = facts.liveEvents
    .map((live) => {
      const cells = [
        live.name,
        whole(live.streams),
        whole(live.events),
        `${whole(live.delivered)} of ${whole(live.expected)}`,
        millis(live.p50),
        millis(live.p99),
        millis(live.max),
        live.p99 <= maxLiveP99Ms && live.delivered >= live.expected ? 'yes' : 'no',
      ];
      return `| ${cells.join(' | ')} |`;
    })
    .join('\n');
  const liveSection =
    facts.liveEvents.length === 0
      ? ''
      : `
### Live events: from commit to ${whole(facts.liveEvents[0]?.streams ?? 0)} open streams

Streams of \`GET /v1/events\` held open by another process (support agents: every event reaches each),
replies posted one after another; each message's arrival timed against its event's \`createdAt\`, set in
the transaction that commits it (a little before the commit: the figures are if anything high). Goal:
every message delivered, p99 at most ${maxLiveP99Ms} ms.

| Measurement | Streams | Events | Messages delivered | p50 (ms) | p99 (ms) | Max (ms) | Goal met |
|---|--:|--:|--:|--:|--:|--:|---|
${liveTable}
`;

  const { hash } = facts.passwordHashing;
  const hashing = [
    ['hashPassword (setting a password)', hash],
    ['verifyPassword (each sign-in)', verify],
  ] as const;
  const hashingTable = hashing
    .map(
      ([name, timing]) => `| ${name} | ${timing.samples} | ${millis(timing.mean)} | ${millis(timing.p99)} |`,
    )
    .join('\n');
  const cpuCount = os.availableParallelism();
  const ceiling = (cpuCount * 1000) / verify.mean;
  const signIn = facts.results.find((result) => result.name.startsWith('POST /v1/auth/sign-in'));
  const signInShare = (result: ScenarioResult): string => {
    const share = Math.round((100 * result.requestsPerSecond) / ceiling);
    const lines = [
      `Sign-in reached ${whole(result.requestsPerSecond)} req/s with ${result.connections} connections, ${share}% of that ceiling.`,
    ];
    if (result.apiCores !== undefined && result.requestsPerSecond > 0) {
      const perSignIn = (result.apiCores * 1000) / result.requestsPerSecond;
      const ofIt = perSignIn < 1.25 * verify.mean ? 'nearly all of it' : `${millis(verify.mean)} ms of it`;
      const busy =
        result.machineBusy === undefined
          ? ''
          : `, while the machine's CPUs were ${percent(result.machineBusy)}% busy`;
      lines.push(
        `The API's process kept ${cores(result.apiCores)} CPUs busy: about ${millis(perSignIn)} ms of CPU per sign-in, ${ofIt}`,
        `the verification${busy};`,
        'the rest went to PostgreSQL (the user lookup, then the audit record and the refresh token in one',
        'transaction), the load generator and whatever else ran on the machine.',
      );
    }
    return lines.join('\n');
  };
  const perspective = [
    `One verification keeps one CPU busy for about ${millis(verify.mean)} ms (the mean above), so ${cpuCount} CPUs could`,
    `verify at most about ${whole(ceiling)} passwords per second if they did nothing else.`,
    ...(signIn ? [signInShare(signIn)] : []),
    'This cost is deliberate: it is what makes a stolen hash slow to guess; the rate limits (off here) keep',
    'one address from turning it against the API.',
  ].join('\n');
  const endUsers = count('end users of partners');
  const stolen =
    facts.steal === undefined
      ? 'CPU steal unknown (no /proc/stat)'
      : `${facts.steal.toFixed(1)}% of the CPU time stolen by the hypervisor during the load`;
  const dataSet = [
    `${count('organizations')} organizations (${count('partner organizations')} partners, ${endUsers} end users of partners)`,
    `${count('subscriptions')} subscriptions`,
    `${count('users')} users (${count('contact users')} contacts, ${count('staff users')} staff)`,
    `${count('contact_roles')} contact roles`,
    `${count('tickets')} tickets (${count('open tickets')} not yet solved)`,
    `${count('ticket_events')} timeline events (one \`created\` per ticket, ${count('public replies')} public replies, ${count('internal notes')} internal notes)`,
    `${count('ticket_ccs')} CCs`,
  ];
  // A kept database (BENCH_DATABASE) was seeded by an earlier run: this one has no seeding time to show.
  const seeded =
    Object.keys(facts.seed.ticketSteps).length > 0
      ? `seeded in ${(facts.seed.milliseconds / 1000).toFixed(1)} s with set-based SQL then analyzed`
      : 'kept from an earlier run that seeded it with set-based SQL (not seeded again)';
  const ticketSteps = Object.entries(facts.seed.ticketSteps)
    .map(([step, milliseconds]) => `${step} ${(milliseconds / 1000).toFixed(1)} s`)
    .join('; ');

  const text = `# Benchmarks

<!-- Written by \`pnpm bench\` (scripts/bench/run.ts). Each run rewrites this file:
     edit only the notes section, between its markers. -->

**What is measured:** the API started as \`pnpm start\` starts it, in its own process (the compiled
\`apps/api/dist/server.js\`, after the same build; its logging at \`LOG_LEVEL\` info through the same logger, written to a
file), answering HTTP over the loopback interface, with PostgreSQL holding a large seeded data set. Beside
it, in another process, the **floor** (measured first and again last; each read is compared with the
higher of the two): a bare Fastify route (no plugins, no logging, the same pool size)
doing one indexed query, a user by primary key with rotating ids, against the same database; the goals of
the authenticated reads are shares of its throughput in the same run. For each scenario, the
load generator (autocannon) keeps ${facts.connections} connections busy (sign-in: ${facts.signInConnections}) for ${facts.durationSeconds} s after a ${facts.warmupSeconds} s warm-up.
Every response must be a 2xx with the expected body, or the run fails. The load generator runs in its own
process on the same machine, so it competes with the API and PostgreSQL for the CPUs: the figures compare
runs on one machine; they are not the capacity of a production deployment.

**How to run:** \`pnpm bench\` (seeding the full data set takes most of the time: see its steps below). Settings: \`BENCH_DURATION\` (seconds per
scenario, default 10), \`BENCH_WARMUP\` (default 2), \`BENCH_CONNECTIONS\` (default 50),
\`BENCH_SIGN_IN_CONNECTIONS\` (default 8: each sign-in keeps a CPU busy with argon2id, so more connections
only queue), \`BENCH_ORGANIZATIONS\` (default 10000), \`BENCH_TICKETS\` (default 1000000),
\`BENCH_REPLIES\` (default 3000000: replies and internal notes, besides each ticket's \`created\` event),
\`BENCH_SCENARIOS\` (comma-separated name prefixes,
e.g. \`GET /v1/me,GET /v1/subscriptions\`: only those scenarios). With \`DATABASE_URL\` set, it creates a fresh
database on that server and drops it afterwards, unless \`BENCH_DATABASE\` names one to keep (made and seeded
on the first run, reused as it is by later ones: for before/after comparisons); without it, it starts the embedded PostgreSQL in a
temporary folder. \`BENCH_CPU_PROFILE\` names a folder for V8 CPU profiles of the API and the floor. The tests
hold no timing assertions: performance is measured here.

## Latest run

- Date: ${day}, commit ${commit()}
- Machine: ${machine()}
- Load average ${facts.loadAverage.toFixed(2)} when the run started; ${stolen}
- Database: PostgreSQL ${facts.postgresVersion}, ${facts.database};
  the API's pool as in production (10 connections), and the floor's the same
- Data set, ${seeded}:
  ${dataSet.join(',\n  ')}.${ticketSteps ? `\n  The tickets' steps: ${ticketSteps}` : ''}
- The \`/v1/me\`, subscriptions and sign-in scenarios act as the main contacts of
  ${whole(facts.contacts)} organizations spread over the data set, a different one on each request: the reads
  with access tokens signed as at sign-in, the sign-in with their email and password (every contact has
  a real argon2id hash of one password). The API runs with \`RATE_LIMITS=off\` (refused in production):
  sign-in allows 30 attempts per address in 5 minutes, and all the load comes from one address.

| Scenario | Connections | req/s (mean) | p50 (ms) | p99 (ms) | Requests | Measured (s) | API CPUs | Machine busy (%) | API RSS after, MB (peak so far) | Of floor | Goals met |
|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|
${table}

Goals (of the benchmark, not tests), by the scenario's kind (\`scripts/bench/scenarios.ts\`): an authenticated
read reaches at least 40% of the floor's requests per second with a p99 of at most 25 ms; a search a p99
of at most 100 ms; creating a ticket a p99 of at most 50 ms; the API's resident memory stays at or under ${maxApiRssMegabytes} MB.

${memoryLine(facts.memory)}; read from the process's \`VmRSS\` and \`VmHWM\`.

API CPUs: the CPU time of the process serving the scenario (the API's, or the floor server's for the
floor: its event loop, and the thread pool where argon2id runs) per second of the scenario, warm-up
included. Machine busy: the share of all CPU time in use over the same seconds, by the API, PostgreSQL,
the load generator and anything else on the machine.
${cpuSection(facts.results, goalsByKind['authenticated read']?.minShareOfFloor ?? 0.4)}${liveSection}
### Password hashing (argon2id, 19 MiB, 2 passes)

The API's own \`hashPassword\` and \`verifyPassword\`, timed one at a time in the benchmark's process before
any load, after a few unmeasured ones; p99 is the nearest rank (of ${verify.samples} samples, the slowest).

| Operation | Samples | Mean (ms) | p99 (ms) |
|---|--:|--:|--:|
${hashingTable}

${perspective}

## History

Newest first; the last ${historyLimit} runs.

<!-- history:start -->
${historyHeader}${rows.join('\n')}
<!-- history:end -->

## Notes

<!-- notes:start -->
${notes}<!-- notes:end -->
`;
  writeFileSync(file, text);
};
