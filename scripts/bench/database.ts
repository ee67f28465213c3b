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
  /** Whether it was made by this run (a kept database from an earlier run is already seeded). */
  fresh: boolean;
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
    fresh: true,
  };
};

/** BENCH_DATABASE on DATABASE_URL's server: made when missing, kept afterwards. */
const kept = async (serverUrl: string, name: string): Promise<BenchDatabase> => {
  const admin = connectDatabase(serverUrl, { max: 1 });
  let fresh = false;
  try {
    const found = await admin.pool.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      // The name passed settings.ts's pattern: safe as an identifier.
      await admin.pool.query(`create database ${name}`);
      fresh = true;
    }
  } finally {
    await admin.close();
  }
  return {
    url: withDatabase(serverUrl, name),
    description: `the PostgreSQL server of DATABASE_URL (database BENCH_DATABASE, ${fresh ? 'made by this run' : 'kept from an earlier run'})`,
    dispose: async () => undefined,
    fresh,
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
      fresh: true,
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
};

export const provisionDatabase = (
  databaseUrl: string | undefined,
  keptDatabase: string | undefined,
): Promise<BenchDatabase> => {
  if (keptDatabase && !databaseUrl)
    throw new Error('BENCH_DATABASE needs DATABASE_URL: the server to keep it on');
  if (databaseUrl && keptDatabase) return kept(databaseUrl, keptDatabase);
  return databaseUrl ? onServer(databaseUrl) : embedded();
};
