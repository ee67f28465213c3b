import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../src/db/client';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrateDatabase } from '../src/db/migrate';
import { freePort } from './free-port';
import type { TestDatabase } from './test-database';

/**
 * A migrated PostgreSQL server of one test file's own (embedded, in a temporary folder), for the tests
 * that stop it and start it again: an outage. `drop` closes the connections, stops it and removes its files.
 */
export interface OwnPostgres extends TestDatabase {
  readonly port: number;
  /** Stops the server; the pool's connections fail until `start`. */
  stop(): Promise<void>;
  /** Starts the server again on the same folder and port (the same URL). */
  start(): Promise<void>;
}

export const startOwnPostgres = async (folderPrefix: string, port?: number): Promise<OwnPostgres> => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), folderPrefix));
  const serverPort = port ?? (await freePort());
  // Where the server keeps its files: the folder, or another one the postgres user can reach.
  let serverFolder = dataDir;
  const launch = async () => {
    const started = await startEmbeddedPostgres({ dataDir, port: serverPort, throwaway: true });
    serverFolder = started.dataDir;
    return started;
  };
  let server: EmbeddedPostgres | undefined = await launch();
  const handle = connectDatabase(server.url, { onError: () => undefined });
  await migrateDatabase(handle);
  return {
    ...handle,
    url: server.url,
    port: serverPort,
    stop: async () => {
      await server?.stop();
      server = undefined;
    },
    start: async () => {
      server = await launch();
    },
    drop: async () => {
      await handle.close();
      await server?.stop();
      await rm(serverFolder, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
