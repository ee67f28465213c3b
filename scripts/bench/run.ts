/**
 * `pnpm bench`: seeds a large data set, starts the API as the start command does (its own process, its
 * logging) and the floor server on loopback ports, puts each scenario under load from a separate
 * process, prints the figures and writes docs/benchmarks.md. Everything it starts, it stops; the
 * database it creates, it removes.
 */

import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../apps/api/src/config';
import { connectDatabase, type DatabaseHandle } from '../../apps/api/src/db/client';
import { migrateDatabase } from '../../apps/api/src/db/migrate';
import { hashPassword } from '../../apps/api/src/lib/passwords';
import { cpuSecondsOf, postgresCpuSeconds, residentMemoryOf, startApi, startFloor } from './api-process';
import { billingScenarios } from './billing';
import { busyPercent, sampleCpu, stealPercent } from './cpu-steal';
import { type BenchDatabase, freePort, provisionDatabase } from './database';
import {
  type LiveLatencyResult,
  liveEventsPrefix,
  measureLiveDelivery,
  wantsLiveEvents,
} from './live-latency';
import { type LoadJob, type LoadReply, uniqueRequest } from './load-generator';
import { measurePasswordHashing } from './password-hashing';
import { printResults, writeReport } from './report';
import { balancedScenarioNames, balancerTools, measureBehindBalancer, wantsBalancer } from './scale-out';
import {
  benchContacts,
  benchPassword,
  failuresOf,
  goalsOf,
  type Scenario,
  type ScenarioResult,
  scenarios,
  ticketScenarios,
} from './scenarios';
import { countSeeded, seedLargeDataSet } from './seed-large';
import { readSettings } from './settings';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const reportFile = path.join(repoRoot, 'docs', 'benchmarks.md');
const contactCount = 1_000;
/** Timed hashes and verifications of the bench password, after a few unmeasured ones. */
const hashSamples = 20;
const hashWarmups = 5;
/** Live event streams held open while replies are posted, and how many replies. */
const liveStreams = 1_000;
const liveEventCount = 50;

const settings = readSettings(process.env);

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Cleanups run in reverse order once, on success, failure or Ctrl+C. */
const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
const cleanUp = (): Promise<void> => {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
  })();
  return cleaning;
};
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: tsx relays the signal the terminal already sent us, and a signal with no
  // listener left would end the process halfway through the cleanup.
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping`);
    void cleanUp().then(() => process.exit(130));
  });
}

const startLoadGenerator = (): ChildProcess => {
  const child = fork(path.join(here, 'load-generator.ts'), [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  return child;
};

const runInLoadGenerator = (child: ChildProcess, job: LoadJob): Promise<ScenarioResult> =>
  new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the load generator exited (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (reply: LoadReply) => {
      child.off('exit', onExit);
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`the load generator failed: ${reply.error}`));
    });
    child.send(job);
  });

/** `biome check .` also formats Markdown: align the report's tables as it would. */
const formatReport = (): void => {
  const biome = path.join(repoRoot, 'node_modules', '.bin', 'biome');
  const result = spawnSync(biome, ['format', '--write', reportFile], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    console.warn(`Could not format the report with Biome: run \`pnpm format\`. ${result.stderr ?? ''}`);
  }
};

/** One request before the load, so a broken endpoint fails with its answer, not just a count. */
const checkOnce = async (url: string, scenario: Scenario): Promise<void> => {
  const token = scenario.tokens?.[0];
  const first = scenario.bodies?.[0];
  // A number no load request uses, so that the check creates one thing of its own.
  const unique =
    first !== undefined && scenario.uniqueRequests ? uniqueRequest(scenario, first, -1) : undefined;
  const body = unique?.body ?? first;
  const response = await fetch(`${url}${scenario.paths?.[0] ?? scenario.path}`, {
    method: scenario.method,
    headers: {
      ...scenario.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(unique ? { 'idempotency-key': unique.idempotencyKey } : {}),
    },
    ...(body ? { body } : {}),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${scenario.name} answered ${response.status} before the load: ${text}`);
  }
  const encoding = response.headers.get('content-encoding') ?? undefined;
  if (encoding !== scenario.contentEncoding) {
    throw new Error(
      `${scenario.name} answered with content-encoding ${encoding}, not ${scenario.contentEncoding}`,
    );
  }
  if (scenario.bodyContains && !text.includes(scenario.bodyContains)) {
    throw new Error(`${scenario.name} answered without ${scenario.bodyContains} before the load: ${text}`);
  }
};

const main = async (): Promise<void> => {
  const started = performance.now();
  const date = new Date();
  const [loadAverage = 0] = os.loadavg();
  if (loadAverage > os.availableParallelism() / 2) {
    console.warn(`The machine is busy (load average ${loadAverage.toFixed(2)}): the figures will be low.`);
  }
  const { durationSeconds, warmupSeconds, connections, signInConnections } = settings;
  console.log(
    `Benchmark: ${durationSeconds} s per scenario after ${warmupSeconds} s warm-up, ` +
      `${connections} connections (sign-in: ${signInConnections})`,
  );

  const step = performance.now();
  const database: BenchDatabase = await provisionDatabase(settings.databaseUrl, settings.keptDatabase);
  cleanups.push(() => database.dispose());
  let closed = false;
  const handle: DatabaseHandle = connectDatabase(database.url, {
    // pool.end() returns before its connections have closed: the server stopping next may cut them.
    onError: (error) => closed || console.error('database connection error:', error.message),
  });
  cleanups.push(() => {
    closed = true;
    return handle.close();
  });
  await migrateDatabase(handle);
  const version = await handle.pool.query<{ server_version: string }>('show server_version');
  const postgresVersion = version.rows[0]?.server_version.split(' ')[0] ?? 'unknown';
  console.log(`Database ready and migrated in ${seconds(step)}: ${database.description}`);

  // One hash for every contact: the sign-in scenario verifies it on each request.
  const passwordHash = await hashPassword(benchPassword);
  if (database.fresh)
    console.log(
      `Seeding ${settings.organizations.toLocaleString('en-US')} organizations, ` +
        `${settings.tickets.toLocaleString('en-US')} tickets, ${settings.replies.toLocaleString('en-US')} replies …`,
    );
  const seed = database.fresh
    ? await seedLargeDataSet(handle.pool, settings.organizations, passwordHash, {
        tickets: settings.tickets,
        replies: settings.replies,
      })
    : { milliseconds: 0, ticketSteps: {}, counts: await countSeeded(handle.pool) };
  if (!database.fresh) {
    // An earlier run's writes queued email jobs its API had no time to finish (their mail went to a
    // folder deleted with that run): left queued, this run's API would work through them during the
    // reads. Each run starts with an empty queue, as a fresh database does.
    const dropped = await handle.pool.query(
      `with jobs as (delete from graphile_worker._private_jobs returning 1),
        mail as (delete from email_outbox where status = 'pending' returning 1)
       select (select count(*) from jobs)::int as jobs, (select count(*) from mail)::int as mail`,
    );
    const left = dropped.rows[0] as { jobs: number; mail: number } | undefined;
    if (left && left.jobs + left.mail > 0) {
      console.log(`Dropped what earlier runs left queued: ${left.jobs} jobs, ${left.mail} unsent emails`);
    }
  }
  console.log(
    database.fresh
      ? `Seeded, vacuumed and analyzed in ${(seed.milliseconds / 1000).toFixed(1)} s:`
      : 'Kept from an earlier run (BENCH_DATABASE), not seeded again:',
  );
  for (const [name, count] of Object.entries(seed.counts)) {
    console.log(`  ${name.padEnd(24)} ${count.toLocaleString('en-US').padStart(10)}`);
  }
  for (const [step, milliseconds] of Object.entries(seed.ticketSteps)) {
    console.log(`  tickets: ${step.padEnd(56)} ${(milliseconds / 1000).toFixed(1).padStart(7)} s`);
  }

  // In this process, before any load: nothing else competes for the CPUs.
  const passwordHashing = await measurePasswordHashing(benchPassword, hashSamples, hashWarmups);
  const { hash, verify } = passwordHashing;
  console.log(
    `Password hashing (argon2id, ${hashSamples} samples each): hash ${hash.mean.toFixed(1)} ms mean, ` +
      `${hash.p99.toFixed(1)} ms p99; verify ${verify.mean.toFixed(1)} ms mean, ${verify.p99.toFixed(1)} ms p99`,
  );

  // The start command builds first (the portals the API serves): so does the benchmark.
  const build = spawnSync(
    path.join(repoRoot, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--output-logs=errors-only'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('The build failed');

  // As `pnpm start` runs it, in its own process, with its logging (LOG_LEVEL info, to a file). Sign-in
  // is rate limited per address (30 per 5 minutes) and all the load comes from one: RATE_LIMITS=off,
  // which the configuration accepts outside production only. The request limits (decision 040) still
  // count every request, so that their cost is measured, with limits the load never reaches.
  const workFolder = mkdtempSync(path.join(os.tmpdir(), 'portals-bench-api-'));
  cleanups.push(() => rmSync(workFolder, { recursive: true, force: true }));
  const apiPort = await freePort();
  const apiEnv = {
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    LOG_LEVEL: 'info',
    RATE_LIMITS: 'off',
    RATE_LIMIT_TOKEN_PER_MINUTE: '1000000000',
    RATE_LIMIT_ORGANIZATION_PER_MINUTE: '1000000000',
    RATE_LIMIT_STAFF_PER_MINUTE: '1000000000',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000000',
    DATA_DIR: path.join(workFolder, 'data'),
    // Its own secret, so the benchmark can sign access tokens as sign-in does.
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
  const apiConfig = loadConfig(apiEnv);
  const apiLog = path.join(workFolder, 'api.log');
  const api = await startApi({
    repoRoot,
    port: apiPort,
    env: apiEnv,
    logFile: apiLog,
    cpuProfileFolder: settings.cpuProfileFolder,
  });
  cleanups.push(() => api.stop());
  const floor = await startFloor({
    here,
    repoRoot,
    databaseUrl: database.url,
    port: await freePort(),
    cpuProfileFolder: settings.cpuProfileFolder,
  });
  cleanups.push(() => floor.stop());
  const apiPid = api.child.pid;
  const startMemory = residentMemoryOf(apiPid);
  const contacts = await benchContacts(
    { secret: apiConfig.jwtSecret, ttlSeconds: apiConfig.accessTokenTtlSeconds },
    handle.pool,
    contactCount,
  );
  if (contacts.length === 0) throw new Error('No contacts to sign in as: the seed made none');

  const loadGenerator = startLoadGenerator();
  const results: ScenarioResult[] = [];
  const cpuBefore = sampleCpu();
  const signing = { secret: apiConfig.jwtSecret, ttlSeconds: apiConfig.accessTokenTtlSeconds };
  const general = scenarios(contacts, { reads: connections, signIn: signInConnections });
  // The ticket scenarios before sign-in, which stays last (it keeps both CPUs busy with argon2id); their
  // writes after their reads, so the reads see the seeded data set only.
  const all = [
    ...general.slice(0, -1),
    ...(await ticketScenarios(signing, handle.pool, connections)),
    ...(await billingScenarios(signing, handle.pool, api.url, connections)),
    ...general.slice(-1),
  ];
  const selected = all.filter(
    (scenario) =>
      settings.scenarioNames.length === 0 ||
      settings.scenarioNames.some((name) => scenario.name.startsWith(name)),
  );
  if (
    selected.length === 0 &&
    !wantsBalancer(settings.scenarioNames) &&
    !wantsLiveEvents(settings.scenarioNames)
  )
    throw new Error(`BENCH_SCENARIOS matches no scenario: ${settings.scenarioNames}`);
  // The goals of the authenticated reads are relative to the floor: measure it whenever they run.
  if (selected.some((scenario) => goalsOf(scenario)?.minShareOfFloor !== undefined)) {
    const floorScenario = all.find((scenario) => scenario.kind === 'floor');
    if (floorScenario && !selected.includes(floorScenario)) selected.unshift(floorScenario);
  }
  // And again at the end: the machine's pace drifts, and the higher floor is the stricter yardstick.
  const firstFloor = selected.find((scenario) => scenario.kind === 'floor');
  if (firstFloor && selected.length > 1)
    selected.push({ ...firstFloor, name: `${firstFloor.name} (again, last)` });
  /** One scenario under load at `url`; `pid` is the process whose CPU and memory are read, if one. */
  const measure = async (
    url: string,
    pid: number | undefined,
    scenario: Scenario,
  ): Promise<ScenarioResult> => {
    await checkOnce(url, scenario);
    console.log(`Running ${scenario.name} with ${scenario.connections} connections …`);
    const machineBefore = sampleCpu();
    const cpuSecondsBefore = cpuSecondsOf(pid);
    const postgresBefore = postgresCpuSeconds();
    const loadGeneratorBefore = cpuSecondsOf(loadGenerator.pid);
    const scenarioStarted = performance.now();
    const result = await runInLoadGenerator(loadGenerator, {
      url,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      scenario,
    });
    const seconds = (performance.now() - scenarioStarted) / 1000;
    /** CPUs kept busy over the scenario, from two readings of CPU seconds. */
    const coresBetween = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? undefined : (after - before) / seconds;
    const apiCores = coresBetween(cpuSecondsBefore, cpuSecondsOf(pid));
    const postgresCores = coresBetween(postgresBefore, postgresCpuSeconds());
    const loadGeneratorCores = coresBetween(loadGeneratorBefore, cpuSecondsOf(loadGenerator.pid));
    const memoryAfter = pid === apiPid ? residentMemoryOf(apiPid) : undefined;
    const measured: ScenarioResult = {
      ...result,
      ...(apiCores === undefined ? {} : { apiCores }),
      ...(postgresCores === undefined ? {} : { postgresCores }),
      ...(loadGeneratorCores === undefined ? {} : { loadGeneratorCores }),
      machineBusy: busyPercent(machineBefore, sampleCpu()),
      ...(memoryAfter === undefined
        ? {}
        : { apiRssMegabytes: memoryAfter.currentMegabytes, apiPeakRssMegabytes: memoryAfter.peakMegabytes }),
    };
    // As it goes: a run that fails later still shows what it measured.
    console.log(
      `  ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latencyP50} ms, p99 ${result.latencyP99} ms`,
    );
    if (failuresOf(result) > 0) {
      throw new Error(
        `${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ` +
          `${result.mismatches} unexpected bodies (status codes ${JSON.stringify(result.statusCodes)}). ` +
          'A benchmark of failing requests measures nothing: fix the cause and run again.',
      );
    }
    return measured;
  };
  for (const scenario of selected) {
    results.push(
      scenario.kind === 'floor'
        ? await measure(floor.url, floor.child.pid, scenario)
        : await measure(api.url, apiPid, scenario),
    );
  }
  const endMemory = residentMemoryOf(apiPid);
  const liveEvents: LiveLatencyResult[] = [];
  if (wantsLiveEvents(settings.scenarioNames)) {
    const reply = all.find((scenario) => scenario.name.startsWith('POST /v1/tickets/:id/replies'));
    const agents = all.find((scenario) => scenario.name.startsWith('GET /v1/tickets/search?q=vm'));
    const publish = {
      token: reply?.tokens?.[0] ?? '',
      path: reply?.paths?.[0] ?? reply?.path ?? '',
      body: reply?.bodies?.[0] ?? '',
    };
    const common = {
      here,
      repoRoot,
      streamTokens: agents?.tokens ?? [],
      streams: liveStreams,
      publish,
      events: liveEventCount,
      intervalMs: 100,
    };
    console.log(`Live events: ${liveStreams} streams on the API, replies through it …`);
    liveEvents.push(
      await measureLiveDelivery({
        ...common,
        name: `${liveEventsPrefix}: one API process`,
        streamUrl: api.url,
        publishUrl: api.url,
      }),
    );
    // A second process on the same database: replies through the first, every stream on the second.
    const secondPort = await freePort();
    const second = await startApi({
      repoRoot,
      port: secondPort,
      env: { ...apiEnv, PORT: String(secondPort) },
      logFile: path.join(workFolder, 'api-second.log'),
      cpuProfileFolder: undefined,
    });
    cleanups.push(() => second.stop());
    console.log(`Live events: ${liveStreams} streams on a second API process, replies through the first …`);
    liveEvents.push(
      await measureLiveDelivery({
        ...common,
        name: `${liveEventsPrefix}: committed through one process, streams on another`,
        streamUrl: second.url,
        publishUrl: api.url,
      }),
    );
    await second.stop();
    for (const live of liveEvents) {
      console.log(
        `  ${live.name}: ${live.delivered} of ${live.expected} delivered, p50 ${live.p50} ms, p99 ${live.p99} ms, max ${live.max} ms`,
      );
    }
  }
  // 1 vs 2 API processes behind nginx, through pgbouncer, on the same database (docs/deploy.md).
  if (wantsBalancer(settings.scenarioNames)) {
    const tools = balancerTools();
    const balanced = all.filter((scenario) =>
      balancedScenarioNames.some((name) => scenario.name.startsWith(name)),
    );
    if (!tools) {
      console.log(
        'Not measured behind the balancer: nginx and pgbouncer are not installed (`pnpm scale-out` installs them).',
      );
    } else if (!settings.databaseUrl) {
      console.log(
        'Not measured behind the balancer: pgbouncer needs a PostgreSQL server (DATABASE_URL), not the embedded one.',
      );
    } else {
      // The single API above stops first: two CPUs, and the processes measured here need them.
      await api.stop();
      results.push(
        ...(await measureBehindBalancer({
          tools,
          repoRoot,
          runDir: workFolder,
          databaseUrl: database.url,
          apiEnv,
          scenarios: balanced,
          processCounts: [1, 2],
          freePort,
          run: (url, scenario) => measure(url, undefined, scenario),
          onCleanup: (cleanup) => cleanups.push(cleanup),
        })),
      );
    }
  }
  const steal = stealPercent(cpuBefore, sampleCpu());
  const memory =
    startMemory && endMemory ? { atStartMegabytes: startMemory.currentMegabytes, ...endMemory } : undefined;
  printResults(results, memory);
  if (steal !== undefined)
    console.log(`CPU time stolen by the hypervisor during the load: ${steal.toFixed(1)}%`);

  writeReport(reportFile, {
    date,
    durationSeconds: settings.durationSeconds,
    warmupSeconds: settings.warmupSeconds,
    connections,
    signInConnections,
    contacts: contacts.length,
    database: database.description,
    postgresVersion,
    loadAverage,
    steal,
    seed,
    results,
    passwordHashing,
    memory,
    liveEvents,
  });
  formatReport();
  console.log(`\nWrote ${path.relative(process.cwd(), reportFile)}; whole run ${seconds(started)}`);
};

main()
  .then(cleanUp, async (error: unknown) => {
    // After Ctrl+C the load generator's exit is expected: not worth a second message.
    if (!interrupted)
      console.error('\nThe benchmark failed:', error instanceof Error ? error.message : error);
    await cleanUp();
    process.exitCode = 1;
  })
  .finally(() => {
    // Nothing of ours is left: do not wait for stray timers (the pool's idle timeout).
    process.exit();
  });
