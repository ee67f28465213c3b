import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives.
 * `stop()` and `start()` simulate an outage on the same port.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  /** Messages whose content has started to arrive, accepted or not yet. */
  messagesBegun = 0;
  /**
   * While set, a message is answered (and kept) only once the promise this returns for it settles: a slow
   * server, mid-delivery.
   */
  hold: ((raw: string) => Promise<void> | undefined) | undefined;
  private server: SMTPServer | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Stopping drops the connections a sender keeps open (its pool) at once, as a server going down does,
      // instead of waiting half a minute for them to leave.
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        this.messagesBegun += 1;
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          await this.hold?.(raw);
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
