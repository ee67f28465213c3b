/**
 * The API and the floor, each in its own process. The API starts as `pnpm start` starts it: the
 * compiled apps/api/dist/server.js the build writes, with the start command's logging (LOG_LEVEL info
 * through the same logger, written to a file) and settings; only RATE_LIMITS=off, which the
 * configuration also accepts outside production.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startCommandArguments } from '../../apps/api/scripts/bundle';

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

const stopper = (child: ChildProcess) => async (): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited(child);
  clearTimeout(timeout);
};

const waitUntilUp = async (url: string, child: ChildProcess, logFile: string): Promise<void> => {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
      throw new Error(`The API exited (code ${child.exitCode}) before answering:\n${log}`);
    }
    try {
      const response = await fetch(`${url}/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The API did not answer /ready within two minutes');
};

/** Node's options for a V8 CPU profile written into `folder` when the process stops (BENCH_CPU_PROFILE). */
const cpuProfiling = (folder: string | undefined): string[] =>
  folder ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(folder)}`] : [];

export const startApi = async (options: {
  repoRoot: string;
  port: number;
  env: Record<string, string>;
  logFile: string;
  cpuProfileFolder: string | undefined;
}): Promise<StartedProcess> => {
  const log = openSync(options.logFile, 'w');
  const child = spawn(
    process.execPath,
    [...cpuProfiling(options.cpuProfileFolder), ...startCommandArguments()],
    {
      cwd: options.repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = stopper(child);
  try {
    await waitUntilUp(url, child, options.logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, url, stop };
};

export const startFloor = async (options: {
  here: string;
  repoRoot: string;
  databaseUrl: string;
  port: number;
  cpuProfileFolder: string | undefined;
}): Promise<StartedProcess> => {
  const child = fork(
    path.join(options.here, 'floor-server.ts'),
    [options.databaseUrl, String(options.port)],
    {
      cwd: options.repoRoot,
      execArgv: [...cpuProfiling(options.cpuProfileFolder), '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`The floor server exited (code ${code})`)));
  });
  return { child, url: `http://127.0.0.1:${options.port}`, stop: stopper(child) };
};

/** Resident memory of a process (Linux): now, and the most it ever had (high-water mark), in MB. */
export interface ResidentMemory {
  currentMegabytes: number;
  peakMegabytes: number;
}

export const residentMemoryOf = (pid: number | undefined): ResidentMemory | undefined => {
  const file = `/proc/${pid}/status`;
  if (pid === undefined || !existsSync(file)) return undefined;
  const status = readFileSync(file, 'utf8');
  const kilobytes = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]);
  const current = kilobytes('VmRSS');
  const peak = kilobytes('VmHWM');
  if (Number.isNaN(current) || Number.isNaN(peak)) return undefined;
  return { currentMegabytes: current / 1024, peakMegabytes: peak / 1024 };
};

/**
 * A process's command name, its CPU seconds so far (user + system) and those of its children that ended
 * (and were waited for), from its `/proc/<pid>/stat`.
 */
const statOf = (
  pid: number | string,
): { command: string; cpuSeconds: number; endedChildrenCpuSeconds: number } | undefined => {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone, or no /proc
  }
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const close = text.lastIndexOf(') ');
  const fields = text.slice(close + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const childTicks = Number(fields[13]) + Number(fields[14]);
  // Linux reports these in clock ticks of 1/100 s (USER_HZ) on every common architecture.
  if (close < 0 || Number.isNaN(ticks) || Number.isNaN(childTicks)) return undefined;
  return {
    command: text.slice(text.indexOf('(') + 1, close),
    cpuSeconds: ticks / 100,
    endedChildrenCpuSeconds: childTicks / 100,
  };
};

/** CPU seconds a process has used so far (user + system; Linux), for the API's CPU share. */
export const cpuSecondsOf = (pid: number | undefined): number | undefined =>
  pid === undefined ? undefined : statOf(pid)?.cpuSeconds;

/**
 * CPU seconds used so far by every PostgreSQL process on this machine (the server's backends, its
 * writers and the rest; Linux), or undefined when none is found: a server on another machine. Those that
 * ended (a parallel query's workers, a closed connection's backend) count in the server's own figure for
 * the children it waited for, so the sum never goes back.
 */
export const postgresCpuSeconds = (): number | undefined => {
  if (!existsSync('/proc')) return undefined;
  let total: number | undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(entry);
    if (stat?.command === 'postgres') total = (total ?? 0) + stat.cpuSeconds + stat.endedChildrenCpuSeconds;
  }
  return total;
};
