/**
 * The deployment of docs/deploy.md on one machine: nginx in front of N API processes, pgbouncer in
 * transaction mode between them and PostgreSQL, each from Debian's packages, run from the configs in
 * deploy/ in a folder of their own (nothing of the system's nginx or pgbouncer is touched). Used by
 * `pnpm scale-out` and by `pnpm bench` (1 vs 2 API processes through the balancer).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { connectDatabase } from '../../apps/api/src/db/client';
import { type StartedProcess, startApi } from '../bench/api-process';

export interface Tools {
  nginx: string;
  pgbouncer: string;
  /** pgbouncer keeps prepared statements across transactions from 1.21 (max_prepared_statements). */
  pgbouncerKeepsPreparedStatements: boolean;
}

export interface RunningService {
  child: ChildProcess;
  /** host:port */
  address: string;
  stop(): Promise<void>;
}

const searchPath = (name: string): string | undefined =>
  [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin']
    .filter(Boolean)
    .map((folder) => path.join(folder, name))
    .find((candidate) => existsSync(candidate));

const pgbouncerVersion = (binary: string): [number, number] => {
  const output = execFileSync(binary, ['--version'], { encoding: 'utf8' });
  const match = /PgBouncer (\d+)\.(\d+)/i.exec(output);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
};

/** nginx and pgbouncer if both are installed. */
export const findTools = (): Tools | undefined => {
  const nginx = searchPath('nginx');
  const pgbouncer = searchPath('pgbouncer');
  if (!nginx || !pgbouncer) return undefined;
  const [major, minor] = pgbouncerVersion(pgbouncer);
  return { nginx, pgbouncer, pgbouncerKeepsPreparedStatements: major > 1 || (major === 1 && minor >= 21) };
};

/**
 * Installs both from Debian's packages (as root, with apt-get), without starting the system's own
 * services: this set-up runs its own instances on ports of its own.
 */
export const installTools = (): Tools => {
  if (process.getuid?.() !== 0 || !searchPath('apt-get')) {
    throw new Error(
      "nginx and pgbouncer are not installed: install them from Debian's packages " +
        '(sudo apt-get install nginx pgbouncer) and run again',
    );
  }
  console.log('Installing nginx and pgbouncer from Debian’s packages …');
  // Debian starts a package's service once installed unless policy-rc.d forbids it (exit 101): one is put
  // in place for the install when the machine has none, and removed after.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  let result: ReturnType<typeof spawnSync>;
  try {
    result = spawnSync(
      'apt-get',
      [
        'install',
        '--yes',
        '--no-install-recommends',
        '-o',
        'Dpkg::Options::=--force-confold',
        'nginx',
        'pgbouncer',
      ],
      { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
    );
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
  const tools = findTools();
  if (result.status !== 0 || !tools) throw new Error('apt-get could not install nginx and pgbouncer');
  return tools;
};

const fillTemplate = (template: string, values: Record<string, string>): string =>
  readFileSync(template, 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${path.basename(template)}: no value for ${whole}`);
    return value;
  });

const portOpen = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const stopChild = (child: ChildProcess) => async (): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timeout);
};

const startService = async (
  name: string,
  child: ChildProcess,
  port: number,
  logFile: string,
): Promise<RunningService> => {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 15_000;
  while (!(await portOpen('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child)();
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
      throw new Error(`${name} did not start on port ${port}:\n${output}${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, address: `127.0.0.1:${port}`, stop: stopChild(child) };
};

/** pgbouncer refuses to run as root: as root, it runs as PostgreSQL's system user (or nobody). */
const unprivilegedUser = (): { name: string; uid: number; gid: number } | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const found = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (found.status === 0) {
      const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
      return { name, uid: Number(found.stdout.trim()), gid: Number(gid.stdout.trim()) };
    }
  }
  throw new Error('Running as root, and no postgres or nobody user to run pgbouncer as');
};

/**
 * pgbouncer in transaction mode on `port`, forwarding every database of `databaseUrl`'s server. Trust
 * authentication, as the local PostgreSQL here: production uses scram-sha-256 (docs/deploy.md).
 */
export const startPgbouncer = async (options: {
  tools: Tools;
  repoRoot: string;
  runDir: string;
  port: number;
  databaseUrl: string;
}): Promise<RunningService> => {
  const runDir = path.join(options.runDir, 'pgbouncer');
  mkdirSync(runDir, { recursive: true });
  const target = new URL(options.databaseUrl);
  const user = decodeURIComponent(target.username || 'postgres');
  writeFileSync(
    path.join(runDir, 'pgbouncer.ini'),
    fillTemplate(path.join(options.repoRoot, 'deploy', 'pgbouncer.ini.template'), {
      DATABASE_HOST: target.hostname || '127.0.0.1',
      DATABASE_PORT: target.port || '5432',
      LISTEN_PORT: String(options.port),
      RUN_DIR: runDir,
      AUTH_TYPE: 'trust',
    }),
  );
  writeFileSync(path.join(runDir, 'userlist.txt'), `"${user}" ""\n`);
  const runAs = unprivilegedUser();
  if (runAs) {
    // The folder above is the caller's (private): let pgbouncer's user reach its own.
    chmodSync(options.runDir, 0o755);
    chownSync(runDir, runAs.uid, runAs.gid);
  }
  const child = spawn(
    options.tools.pgbouncer,
    [...(runAs ? ['-u', runAs.name] : []), path.join(runDir, 'pgbouncer.ini')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return startService('pgbouncer', child, options.port, path.join(runDir, 'pgbouncer.log'));
};

/** `databaseUrl` with its host and port replaced by pgbouncer's. */
export const throughPooler = (databaseUrl: string, pooler: RunningService): string => {
  const url = new URL(databaseUrl);
  url.host = pooler.address;
  return url.toString();
};

/** nginx on `port`, balancing over `upstreams` (host:port each) with the config of deploy/. */
export const startNginx = async (options: {
  tools: Tools;
  repoRoot: string;
  runDir: string;
  port: number;
  upstreams: string[];
}): Promise<RunningService> => {
  const runDir = path.join(options.runDir, `nginx-${options.port}`);
  mkdirSync(runDir, { recursive: true });
  const config = path.join(runDir, 'nginx.conf');
  writeFileSync(
    config,
    fillTemplate(path.join(options.repoRoot, 'deploy', 'nginx.conf.template'), {
      LISTEN: `127.0.0.1:${options.port}`,
      UPSTREAMS: options.upstreams.map((upstream) => `server ${upstream};`).join('\n    '),
      RUN_DIR: runDir,
    }),
  );
  const child = spawn(
    options.tools.nginx,
    ['-p', runDir, '-c', config, '-e', path.join(runDir, 'nginx-error.log'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return startService('nginx', child, options.port, path.join(runDir, 'nginx-error.log'));
};

/** A pgbouncer's connection works (a query through it answers). */
export const checkPooler = async (url: string): Promise<void> => {
  const handle = connectDatabase(url, { max: 1 });
  try {
    await handle.pool.query('select 1');
  } finally {
    await handle.close();
  }
};

export interface Deployment {
  /** The balancer's address: what people and the load use. */
  url: string;
  apis: StartedProcess[];
  stop(): Promise<void>;
}

/**
 * N API processes (as `pnpm start` runs each) behind nginx, their queries through `pooler` and their
 * LISTEN on the direct connection. The first starts alone (it migrates), the others then together.
 * `env` is shared: one JWT secret, one set of keys, one attachment store for all of them.
 */
export const startDeployment = async (options: {
  tools: Tools;
  repoRoot: string;
  runDir: string;
  databaseUrl: string;
  pooler: RunningService;
  processes: number;
  port: number;
  env: Record<string, string>;
  freePort: () => Promise<number>;
}): Promise<Deployment> => {
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
  };
  try {
    const apis: StartedProcess[] = [];
    const startOne = async (index: number) => {
      const port = await options.freePort();
      const api = await startApi({
        repoRoot: options.repoRoot,
        port,
        env: {
          ...options.env,
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: throughPooler(options.databaseUrl, options.pooler),
          DATABASE_DIRECT_URL: options.databaseUrl,
          DATABASE_PREPARED_STATEMENTS: options.tools.pgbouncerKeepsPreparedStatements ? 'on' : 'off',
        },
        logFile: path.join(options.runDir, `api-${index + 1}.log`),
        cpuProfileFolder: undefined,
      });
      started.push(api);
      apis.push(api);
    };
    await startOne(0);
    await Promise.all(Array.from({ length: options.processes - 1 }, (_, index) => startOne(index + 1)));
    const nginx = await startNginx({
      tools: options.tools,
      repoRoot: options.repoRoot,
      runDir: options.runDir,
      port: options.port,
      upstreams: apis.map((api) => new URL(api.url).host),
    });
    started.push(nginx);
    return { url: `http://${nginx.address}`, apis, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
