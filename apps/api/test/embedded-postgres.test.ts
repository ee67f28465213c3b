import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { startApiProcess, startServerProcess } from './api-process';
import { freePort, freePorts } from './free-port';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const durabilitySettings = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const fsync = await client.query<{ fsync: string }>('show fsync');
    const synchronousCommit = await client.query<{ synchronous_commit: string }>('show synchronous_commit');
    return { fsync: fsync.rows[0]?.fsync, synchronousCommit: synchronousCommit.rows[0]?.synchronous_commit };
  } finally {
    await client.end();
  }
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the embedded PostgreSQL (no DATABASE_URL)', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('keeps its data between runs and takes over from a server left by a killed run', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-embedded-'));
    folders.push(dataDir);
    const port = await freePort();

    // A first run starts the server, writes data, then is killed without any chance to clean up.
    const firstRun = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/run-embedded-postgres.ts', dataDir, String(port)],
      { cwd: apiRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      firstRun.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve());
      firstRun.once('exit', (code) => reject(new Error(`first run exited early with ${code}`)));
    });
    firstRun.kill('SIGKILL');
    const stalePid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(isAlive(stalePid)).toBe(true);

    // The next run starts cleanly on the same folder and port, and finds the data.
    const secondRun = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(isAlive(stalePid)).toBe(false);
      const client = new pg.Client({ connectionString: secondRun.url });
      await client.connect();
      const { rows } = await client.query('select note from marker');
      await client.end();
      expect(rows).toEqual([{ note: 'kept' }]);
    } finally {
      await secondRun.stop();
    }
  }, 60_000);

  it('runs the start command’s database durably: every commit reaches the disk', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-embedded-'));
    folders.push(dataDir);
    // As root, the embedded PostgreSQL runs as the user postgres, who must be able to enter the folder.
    await chmod(dataDir, 0o755);
    const databasePort = await freePort();
    const api = await startApiProcess({
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(databasePort),
      SEED_DEMO_DATA: 'false',
    });
    try {
      expect(await durabilitySettings(`postgres://postgres@127.0.0.1:${databasePort}/postgres`)).toEqual({
        fsync: 'on',
        synchronousCommit: 'on',
      });
    } finally {
      await api.kill('SIGTERM');
    }
  }, 60_000);

  it('stops the embedded PostgreSQL it started when it cannot start itself (its port taken)', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-embedded-'));
    folders.push(dataDir);
    await chmod(dataDir, 0o755);
    const [taken, databasePort] = await freePorts(2);
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
    try {
      const started = startServerProcess({
        PATH: process.env.PATH,
        PORT: String(taken),
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(databasePort),
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
      });
      await expect(started).rejects.toThrow(/exited with 1[\s\S]*EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
    // Nobody answers on the database's port, and the data folder is no longer held.
    const client = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${databasePort}/postgres`,
    });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
    await expect(readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).rejects.toThrow(
      /ENOENT/,
    );
  }, 60_000);

  it('is durable unless started as a throwaway test cluster', async () => {
    const durableDir = await mkdtemp(path.join(os.tmpdir(), 'portals-embedded-'));
    const throwawayDir = await mkdtemp(path.join(os.tmpdir(), 'portals-embedded-'));
    folders.push(durableDir, throwawayDir);
    const durable = await startEmbeddedPostgres({ dataDir: durableDir, port: await freePort() });
    try {
      expect(await durabilitySettings(durable.url)).toEqual({ fsync: 'on', synchronousCommit: 'on' });
    } finally {
      await durable.stop();
    }
    const throwaway = await startEmbeddedPostgres({
      dataDir: throwawayDir,
      port: await freePort(),
      throwaway: true,
    });
    try {
      expect((await durabilitySettings(throwaway.url)).fsync).toBe('off');
    } finally {
      await throwaway.stop();
    }
  }, 60_000);
});
