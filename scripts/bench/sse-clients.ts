/**
 * Many live-event streams (`GET /v1/events`) held open in one process, apart from the API and the
 * benchmark: each message's arrival is timed against the event's `createdAt` (set in the transaction
 * that commits it). Driven by live-latency.ts over IPC: `connect`, then `collect`.
 */
import http from 'node:http';

export interface StreamTarget {
  /** The API's base URL (one process or another). */
  url: string;
  token: string;
}

export type SseClientsCommand = { type: 'connect'; targets: StreamTarget[] } | { type: 'collect' };

export type SseClientsReply =
  | { type: 'connected'; streams: number }
  | { type: 'collected'; latencies: number[]; perStream: number[] }
  | { type: 'failed'; error: string };

const send = (reply: SseClientsReply) => process.send?.(reply);

const latencies: number[] = [];
const perStream: number[] = [];
const requests: http.ClientRequest[] = [];

/** Opens one stream; resolves once the server's first line (`: connected`) has come. */
const open = (target: StreamTarget, index: number): Promise<void> =>
  new Promise((resolve, reject) => {
    perStream[index] = 0;
    const request = http.get(
      `${target.url}/v1/events`,
      { headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' }, agent: false },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`GET /v1/events answered ${response.statusCode}`));
          response.resume();
          return;
        }
        response.setEncoding('utf8');
        let buffered = '';
        let opened = false;
        response.on('data', (chunk: string) => {
          const now = performance.timeOrigin + performance.now();
          buffered += chunk;
          if (!opened) {
            opened = true;
            resolve();
          }
          let end = buffered.indexOf('\n\n');
          while (end >= 0) {
            const message = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const data = message
              .split('\n')
              .find((line) => line.startsWith('data: '))
              ?.slice('data: '.length);
            if (data && message.includes('\nevent: ticket')) {
              const { createdAt } = JSON.parse(data) as { createdAt: string };
              latencies.push(now - Date.parse(createdAt));
              perStream[index] = (perStream[index] ?? 0) + 1;
            }
            end = buffered.indexOf('\n\n');
          }
        });
      },
    );
    request.on('error', reject);
    requests.push(request);
  });

process.on('message', (command: SseClientsCommand) => {
  if (command.type === 'connect') {
    // A few at a time: a thousand TLS-less connects at once only queue in the kernel's backlog.
    const batch = 50;
    void (async () => {
      for (let start = 0; start < command.targets.length; start += batch) {
        await Promise.all(
          command.targets.slice(start, start + batch).map((target, offset) => open(target, start + offset)),
        );
      }
    })().then(
      () => send({ type: 'connected', streams: requests.length }),
      (error: unknown) =>
        send({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  } else {
    for (const request of requests) request.destroy();
    send({ type: 'collected', latencies, perStream });
  }
});
