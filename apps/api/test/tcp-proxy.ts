import net from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL here), which can make that server go away the slow way: its
 * open connections are cut, and new ones are accepted and closed a moment later without a word, as a
 * server shutting down or a failing load balancer does. A stopped server refuses at once instead.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private closeNewAfterMs: number | undefined;
  private readonly server = net.createServer((client) => {
    this.track(client);
    const closeAfter = this.closeNewAfterMs;
    if (closeAfter !== undefined) {
      setTimeout(() => client.destroy(), closeAfter);
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    this.track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  constructor(private readonly targetPort: number) {}

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Listens on a free port of its own, which it returns. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port));
    });
  }

  /** The server goes away: open connections are cut; new ones are closed after `closeNewAfterMs`. */
  cut(closeNewAfterMs: number): void {
    this.closeNewAfterMs = closeNewAfterMs;
    for (const socket of this.sockets) socket.destroy();
  }

  /** The server is back: new connections reach it again. */
  restore(): void {
    this.closeNewAfterMs = undefined;
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
