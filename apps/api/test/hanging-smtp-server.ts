import net from 'node:net';

/**
 * A mail server that hangs: it accepts TCP connections and never says a word,
 * as a wedged SMTP server or a stuck proxy in front of one does.
 */
export class HangingSmtpServer {
  /** Connections accepted so far. */
  connections = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((socket) => {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  });

  constructor(readonly port: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Closes the oldest connection it holds, as a mail server that gives up on one client does. */
  dropOldest(): void {
    const [oldest] = this.sockets;
    oldest?.destroy();
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
