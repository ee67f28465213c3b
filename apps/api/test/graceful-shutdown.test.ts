import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, useTestDatabase } from './test-app';

describe('graceful shutdown', () => {
  const context = useTestDatabase();

  beforeAll(async () => {});

  it('finishes a request in flight before closing, and takes no new ones', async () => {
    const app = await buildTestApp(context.database);
    let started: () => void = () => undefined;
    const requestStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    app.get('/v1/test-slow', { config: { access: { public: true } } }, async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { finished: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const inFlight = fetch(`${base}/v1/test-slow`);
    await requestStarted;
    const closed = app.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await closed;
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });
});
