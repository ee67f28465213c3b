import net from 'node:net';

/**
 * `count` distinct TCP ports free on the loopback interface right now: all held open at once while they
 * are chosen, since a port just closed can be handed out again at once (two calls in a row of a
 * one-port version gave the API and its embedded PostgreSQL the same port).
 */
export const freePorts = async (count: number): Promise<number[]> => {
  const servers = Array.from({ length: count }, () => net.createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => {
              const address = server.address();
              if (typeof address === 'object' && address) resolve(address.port);
              else reject(new Error('no port'));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
      ),
    );
  }
};

/** A TCP port free on the loopback interface right now. */
export const freePort = async (): Promise<number> => {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no port');
  return port;
};

/**
 * Starts something on ports free a moment ago: another process may take such a port before the child
 * binds it (the kernel hands the same range out for outgoing connections), so a start that fails with
 * the address in use is made again, on new ports, up to `attempts` times.
 */
export const startOnFreePorts = async <T>(start: () => Promise<T>, attempts = 3): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      const inUse = /EADDRINUSE|address already in use/i.test(String(error));
      if (!inUse || attempt >= attempts) throw error;
    }
  }
};
