/**
 * The load generator, in its own process so that it does not share the API's event loop.
 * It receives one scenario at a time from run.ts over IPC and answers with its figures.
 */
import { createHash } from 'node:crypto';
import autocannon, { type Request } from 'autocannon';
import type { Scenario, ScenarioResult } from './scenarios';

export interface LoadJob {
  url: string;
  durationSeconds: number;
  warmupSeconds: number;
  scenario: Scenario;
}

export type LoadReply = { ok: true; result: ScenarioResult } | { ok: false; error: string };

/** A number of this run's own, so that unique requests of two runs never share an idempotency key. */
const runId = `${process.pid}-${Date.now().toString(36)}`;

/**
 * The body and idempotency key of the `n`th request of a scenario whose requests are all unique; the key
 * names the scenario too, so that two scenarios posting to one endpoint never replay each other's answers.
 */
export const uniqueRequest = (scenario: Pick<Scenario, 'name'>, body: string, n: number) => ({
  body: body.replaceAll('{n}', String(n)),
  idempotencyKey: `bench-${runId}-${createHash('sha256').update(scenario.name).digest('hex').slice(0, 12)}-${n}`,
});

const requestsOf = (scenario: Scenario): Request[] => {
  const { method, path } = scenario;
  const tokens = scenario.tokens ?? [];
  const bodies = scenario.bodies ?? [];
  const paths = scenario.paths ?? [];
  const json: Record<string, string> = bodies.length > 0 ? { 'content-type': 'application/json' } : {};
  if (tokens.length === 0 && bodies.length === 0 && paths.length === 0 && !scenario.headers)
    return [{ method, path }];
  // One counter across all connections: consecutive requests come from different organizations.
  let next = 0;
  return [
    {
      method,
      path,
      setupRequest: (request) => {
        const token = tokens.length > 0 ? tokens[next % tokens.length] : undefined;
        let body = bodies.length > 0 ? bodies[next % bodies.length] : undefined;
        const headers: Record<string, string> = { ...request.headers, ...scenario.headers, ...json };
        if (body !== undefined && scenario.uniqueRequests) {
          const unique = uniqueRequest(scenario, body, next);
          body = unique.body;
          headers['idempotency-key'] = unique.idempotencyKey;
        }
        if (paths.length > 0) request.path = paths[next % paths.length] ?? path;
        next += 1;
        if (token) headers.authorization = `Bearer ${token}`;
        request.headers = headers;
        if (body !== undefined) request.body = body;
        return request;
      },
    },
  ];
};

const runJob = async (job: LoadJob): Promise<ScenarioResult> => {
  const { scenario } = job;
  // A compressed body is checked once, unpacked, before the load (run.ts).
  const expected = scenario.contentEncoding ? undefined : scenario.bodyContains;
  const result = await autocannon({
    url: job.url,
    connections: scenario.connections,
    duration: job.durationSeconds,
    warmup: { connections: scenario.connections, duration: job.warmupSeconds },
    timeout: 10,
    requests: requestsOf(scenario),
    ...(expected ? { verifyBody: (body: string) => body.includes(expected) } : {}),
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  return {
    name: scenario.name,
    kind: scenario.kind,
    ...(scenario.goals ? { goals: scenario.goals } : {}),
    connections: scenario.connections,
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    latencyAverage: result.latency.average,
    totalRequests: result.requests.total,
    durationSeconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    statusCodes,
  };
};

process.on('message', (job: LoadJob) => {
  runJob(job).then(
    (result) => process.send?.({ ok: true, result } satisfies LoadReply),
    (error: unknown) => process.send?.({ ok: false, error: String(error) } satisfies LoadReply),
  );
});
// Stop with the parent: an orphaned load generator would keep hammering nothing.
process.on('disconnect', () => process.exit(0));
