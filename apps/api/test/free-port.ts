import net from 'node:net';

/** A TCP port free on the loopback interface right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });

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
