import { describe, expect, it } from 'vitest';
import { buildServer } from '../src/build-server';
import { connectDatabase } from '../src/db/client';
import { freePort } from './free-port';
import { testConfig, useTestApp } from './test-app';

describe('health and readiness', () => {
  const context = useTestApp();

  it('says it is alive', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when its database answers', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'up' } });
  });

  it('is not ready when its database is unreachable', async () => {
    const unreachable = connectDatabase(`postgres://postgres@127.0.0.1:${await freePort()}/none`);
    const broken = await buildServer({ config: testConfig(), db: unreachable.db });
    try {
      const response = await broken.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'not_ready', checks: { database: 'down' } });
    } finally {
      await broken.close();
      await unreachable.close();
    }
  });
});
