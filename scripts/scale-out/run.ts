/**
 * `pnpm scale-out [processes]`: the deployment of docs/deploy.md on this machine, from Debian's
 * packages: nginx on SCALE_OUT_PORT (8080) in front of N API processes (2 unless given), pgbouncer in
 * transaction mode for their queries, a direct connection for LISTEN, on DATABASE_URL's server. Demo
 * data as `pnpm start` loads it. Installs nginx and pgbouncer with apt-get when they are missing (as
 * root). Ctrl+C stops everything it started.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../bench/database';
import {
  checkPooler,
  findTools,
  installTools,
  startDeployment,
  startPgbouncer,
  throughPooler,
} from './local-set-up';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

/** What this script reads from the environment (not the API's: each process gets its own below). */
const readSettings = (env: Record<string, string | undefined>) => ({
  port: Number(env.SCALE_OUT_PORT ?? 8080),
  databaseUrl: env.DATABASE_URL,
});

const main = async (): Promise<void> => {
  const { port, databaseUrl } = readSettings(process.env);
  const processes = Number(process.argv[2] ?? 2);
  if (!Number.isInteger(processes) || processes < 1 || processes > 16) {
    throw new Error(`The number of API processes must be 1 to 16, got "${process.argv[2]}"`);
  }
  if (!databaseUrl) {
    throw new Error(
      'DATABASE_URL must name a PostgreSQL database (pgbouncer and every API process connect to it); ' +
        'the embedded database is for one process',
    );
  }
  const tools = findTools() ?? installTools();
  const build = spawnSync(
    path.join(repoRoot, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--output-logs=errors-only'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('The build failed');

  const runDir = mkdtempSync(path.join(os.tmpdir(), 'portals-scale-out-'));
  const stops: (() => Promise<void>)[] = [async () => rmSync(runDir, { recursive: true, force: true })];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: Ctrl+C reaches this process directly and again relayed by tsx, and a second
    // signal with no listener left would end it halfway through stopping what it started.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping`);
      void stopAll().then(() => process.exit(0));
    });
  }
  try {
    const pooler = await startPgbouncer({ tools, repoRoot, runDir, port: await freePort(), databaseUrl });
    stops.push(pooler.stop);
    await checkPooler(throughPooler(databaseUrl, pooler));
    const deployment = await startDeployment({
      tools,
      repoRoot,
      runDir,
      databaseUrl,
      pooler,
      processes,
      port,
      freePort,
      env: {
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'info',
        // One of each for every process: a token signed by one is accepted by the others.
        JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
        TOTP_ENCRYPTION_KEYS: process.env.TOTP_ENCRYPTION_KEYS ?? randomBytes(32).toString('hex'),
        // One attachment store: a folder here, S3 across machines (docs/deploy.md).
        DATA_DIR: process.env.DATA_DIR ?? path.join(repoRoot, '.data'),
        ...(process.env.SMTP_URL ? { SMTP_URL: process.env.SMTP_URL } : {}),
      },
    });
    stops.push(deployment.stop);
    console.log(
      [
        '',
        `The portals, ${processes} API process${processes === 1 ? '' : 'es'} behind nginx:`,
        `  ${deployment.url}/support/`,
        `  ${deployment.url}/subscriber/`,
        `  API processes: ${deployment.apis.map((api) => api.url).join(', ')}`,
        `  Queries through pgbouncer (transaction mode) at ${pooler.address}; LISTEN direct.`,
        `  Logs and configs: ${runDir}`,
        '',
        'Stop with Ctrl+C.',
      ].join('\n'),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
};

main().catch((error: unknown) => {
  console.error('The scaled-out set-up could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
