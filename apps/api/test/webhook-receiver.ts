import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  /** The body exactly as it arrived, what a signature is checked over. */
  rawBody: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * A real HTTP server on loopback that receives webhook deliveries and keeps each one. `answer` decides
 * each status (200 unless told otherwise: 500 to fail, say); `stop()` and `start()` on the same port
 * make an outage. Endpoints pointing at it need WEBHOOK_PRIVATE_TARGETS=allowed (it is on 127.0.0.1).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (request: { headers: http.IncomingHttpHeaders; rawBody: string }) => number = () => 200;
  private server: http.Server | undefined;
  private boundPort = 0;

  constructor(private readonly requestedPort = 0) {}

  get port(): number {
    return this.boundPort;
  }

  /** The URL to register; `path` tells several endpoints on one receiver apart. */
  url(path = '/hooks', host = '127.0.0.1'): string {
    return `http://${host}:${this.boundPort}${path}`;
  }

  /** Received at `path` only. */
  at(path: string): ReceivedWebhook[] {
    return this.received.filter((delivery) => delivery.headers['x-receiver-path'] === path);
  }

  /** The events received, parsed. */
  events(path?: string): { id: string; type: string; data: Record<string, unknown> }[] {
    return (path ? this.at(path) : this.received)
      .filter((delivery) => delivery.status >= 200 && delivery.status < 300)
      .map((delivery) => JSON.parse(delivery.rawBody));
  }

  async start(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const headers = { ...request.headers, 'x-receiver-path': request.url ?? '/' };
        const status = this.answer({ headers, rawBody });
        this.received.push({ headers, rawBody, status });
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status >= 200 && status < 300 ? 'ok' : `failing with ${status}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort || this.requestedPort, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
