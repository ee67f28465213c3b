import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleApi, startCommandArguments } from '../scripts/bundle';
import { freePort, startOnFreePorts } from './free-port';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess {
  output: () => string;
  /** Sends `signal` unless the process has already exited; resolves with its exit code once it has. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Compiled once per test process, from the sources as they are now. */
let bundled: Promise<unknown> | undefined;

/**
 * Runs the API as the start command does (the compiled dist/server.js, built here from the current
 * sources), as a child process with `env` as its whole environment, and waits for its banner. Shared by
 * the API's process tests and the browser tests.
 */
export const startServerProcess = async (env: NodeJS.ProcessEnv): Promise<ServerProcess> => {
  bundled ??= bundleApi();
  await bundled;
  const child: ChildProcess = spawn(process.execPath, startCommandArguments(), {
    cwd: apiRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('The portals are running')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`The server exited with ${code} before it was up:\n${output}`));
    });
  });
  return {
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
};

export interface ApiProcess {
  baseUrl: string;
  output: () => string;
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts the API with `env` as its whole configuration (nothing inherited but PATH). */
export const startApiProcess = async (env: Record<string, string>): Promise<ApiProcess> => {
  let port = 0;
  const server = await startOnFreePorts(async () => {
    // Not the port the caller chose for the embedded PostgreSQL, if it did.
    do port = env.PORT ? Number(env.PORT) : await freePort();
    while (!env.PORT && String(port) === env.EMBEDDED_PG_PORT);
    return startServerProcess({ PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'warn', ...env });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: server.output,
    kill: async (signal) => {
      await server.kill(signal);
    },
  };
};
