import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { freePort } from './free-port';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
});
