import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './api-process';
import { useTestDatabase } from './test-app';
import { waitUntil } from './wait-until';

/**
 * The request log of the API as the start command runs it (compiled, its log lines written in batches):
 * an operator sees a lone request's line without waiting for more traffic, and never a credential.
 */
describe('the request log of the started API', () => {
  const context = useTestDatabase();
  let api: ApiProcess | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await api?.kill('SIGTERM');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows a lone request’s line within seconds, without its credentials', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'portals-request-log-'));
    api = await startApiProcess({
      NODE_ENV: 'test',
      DATABASE_URL: context.database.url,
      DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
    });
    const started = api;
    const secret = 'not-a-real-token-5f0c2';
    const response = await fetch(`${started.baseUrl}/v1/me?probe=lone-request`, {
      headers: { authorization: `Bearer ${secret}`, cookie: `refresh_token=${secret}` },
    });
    expect(response.status).toBe(401);
    // Far fewer than the 4 KB a write waits for: only the periodic flush sends it.
    await waitUntil(
      'the request’s line is in the log',
      () => started.output().includes('/v1/me?probe=lone-request'),
      5_000,
    );
    const line = started
      .output()
      .split('\n')
      .find((entry) => entry.includes('/v1/me?probe=lone-request'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ msg: 'request completed', res: { statusCode: 401 } });
    expect(started.output()).not.toContain(secret);
  });
});
