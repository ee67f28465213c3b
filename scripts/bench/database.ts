import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../../apps/api/src/db/client';
import { startEmbeddedPostgres } from '../../apps/api/src/db/embedded-postgres';

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the report: no host names. */
  description: string;
  /** Drops the bench database, or stops the embedded server and removes its folder. */
  dispose(): Promise<void>;
}

/** A TCP port free on the loopback interface right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/** One statement on the server's own database (the scripts reach pg only through the API's client). */
const administer = async (serverUrl: string, statement: string): Promise<void> => {
  const admin = connectDatabase(serverUrl, { max: 1 });
  try {
    await admin.pool.query(statement);
  } finally {
    await admin.close();
  }
};

/** A fresh database on DATABASE_URL's server, dropped at the end. */
const onServer = async (serverUrl: string): Promise<BenchDatabase> => {
  const name = `portals_bench_${process.pid}_${Date.now().toString(36)}`;
  await administer(serverUrl, `create database ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    description: 'the PostgreSQL server of DATABASE_URL (a fresh database, dropped afterwards)',
    dispose: () => administer(serverUrl, `drop database if exists ${name} with (force)`),
  };
};

/** The embedded PostgreSQL in a temp folder on a free port, stopped and removed at the end. */
const embedded = async (): Promise<BenchDatabase> => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portals-bench-db-'));
  try {
    const server = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'portals_bench',
    });
    return {
      url: server.url,
      description: 'the embedded PostgreSQL (no DATABASE_URL; durable, as the start command runs it)',
      dispose: async () => {
        await server.stop();
        rmSync(server.dataDir, { recursive: true, force: true });
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
};

export const provisionDatabase = (databaseUrl: string | undefined): Promise<BenchDatabase> =>
  databaseUrl ? onServer(databaseUrl) : embedded();
