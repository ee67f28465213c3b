/**
 * 1 vs 2 API processes behind the balancer (docs/deploy.md): nginx in front, pgbouncer in transaction
 * mode for the queries, as `pnpm scale-out` runs them, on the run's database. Needs nginx and
 * pgbouncer installed (`pnpm scale-out` installs them from Debian's packages); without them the run
 * says so and goes on.
 */

import {
  findTools,
  type RunningService,
  startDeployment,
  startPgbouncer,
  type Tools,
} from '../scale-out/local-set-up';
import type { Scenario, ScenarioResult } from './scenarios';

/** The reads measured through the balancer: the lightest and a ticket page. */
export const balancedScenarioNames = ['GET /v1/me', 'GET /v1/tickets/:id ('];

export const balancerPrefix = 'balancer';

/** Whether this run measures the balancer: every scenario, or those named `balancer…`. */
export const wantsBalancer = (scenarioNames: string[]): boolean =>
  scenarioNames.length === 0 || scenarioNames.some((name) => name.startsWith(balancerPrefix));

export const balancerTools = (): Tools | undefined => findTools();

export const measureBehindBalancer = async (options: {
  tools: Tools;
  repoRoot: string;
  runDir: string;
  databaseUrl: string;
  /** The API's environment in the run (its JWT secret signs the scenarios' tokens). */
  apiEnv: Record<string, string>;
  scenarios: Scenario[];
  processCounts: number[];
  freePort: () => Promise<number>;
  run: (url: string, scenario: Scenario) => Promise<ScenarioResult>;
  onCleanup: (cleanup: () => Promise<void>) => void;
}): Promise<ScenarioResult[]> => {
  const pooler: RunningService = await startPgbouncer({
    tools: options.tools,
    repoRoot: options.repoRoot,
    runDir: options.runDir,
    port: await options.freePort(),
    databaseUrl: options.databaseUrl,
  });
  options.onCleanup(pooler.stop);
  const { DATABASE_URL: _direct, PORT: _port, HOST: _host, ...shared } = options.apiEnv;
  const results: ScenarioResult[] = [];
  for (const processes of options.processCounts) {
    const deployment = await startDeployment({
      tools: options.tools,
      repoRoot: options.repoRoot,
      runDir: options.runDir,
      databaseUrl: options.databaseUrl,
      pooler,
      processes,
      port: await options.freePort(),
      env: shared,
      freePort: options.freePort,
    });
    try {
      for (const scenario of options.scenarios) {
        const named: Scenario = {
          ...scenario,
          name: `${balancerPrefix}: nginx, ${processes} API process${processes === 1 ? '' : 'es'}, pgbouncer — ${scenario.name}`,
        };
        // No goal of its own: the figure to compare is the other process count's.
        results.push({ ...(await options.run(deployment.url, named)), goals: {} });
      }
    } finally {
      await deployment.stop();
    }
  }
  return results;
};
