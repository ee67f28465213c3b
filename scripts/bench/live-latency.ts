/**
 * Live events' delivery latency: 1,000 streams open on an API process, replies posted one after
 * another, and each message's arrival timed against its event's `createdAt` (the transaction that
 * commits it; a little before the commit, so the figure is if anything high). Also across two
 * processes: replies through one, every stream on the other.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { SseClientsCommand, SseClientsReply, StreamTarget } from './sse-clients';

export interface LiveLatencyResult {
  name: string;
  streams: number;
  events: number;
  /** Messages that arrived, of streams × events. */
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
}

export const liveEventsPrefix = 'live events';

/** Whether this run measures live events: every scenario, or those named `live events…`. */
export const wantsLiveEvents = (scenarioNames: string[]): boolean =>
  scenarioNames.length === 0 || scenarioNames.some((name) => name.startsWith(liveEventsPrefix));

/** Delivery latency goal: p99 from commit to 1,000 connected clients. */
export const maxLiveP99Ms = 200;

const percentile = (sorted: number[], share: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0);

const ask = (child: ChildProcess, command: SseClientsCommand): Promise<SseClientsReply> =>
  new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the stream clients exited (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (reply: SseClientsReply) => {
      child.off('exit', onExit);
      if (reply.type === 'failed') reject(new Error(`live event streams: ${reply.error}`));
      else resolve(reply);
    });
    child.send(command);
  });

export const measureLiveDelivery = async (options: {
  name: string;
  here: string;
  repoRoot: string;
  /** Where the streams connect (the tokens: people who see every publishing ticket, e.g. agents). */
  streamUrl: string;
  streamTokens: string[];
  streams: number;
  /** Where replies are posted, as whom, on which ticket. */
  publishUrl: string;
  publish: { token: string; path: string; body: string };
  events: number;
  intervalMs: number;
}): Promise<LiveLatencyResult> => {
  const child = fork(path.join(options.here, 'sse-clients.ts'), [], {
    cwd: options.repoRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const targets: StreamTarget[] = Array.from({ length: options.streams }, (_, index) => ({
      url: options.streamUrl,
      token: options.streamTokens[index % options.streamTokens.length] ?? '',
    }));
    await ask(child, { type: 'connect', targets });
    for (let sent = 0; sent < options.events; sent += 1) {
      const response = await fetch(`${options.publishUrl}${options.publish.path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.publish.token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: options.publish.body,
      });
      if (!response.ok)
        throw new Error(`Posting a reply answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
    // The last ones time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const collected = await ask(child, { type: 'collect' });
    if (collected.type !== 'collected') throw new Error('the stream clients answered out of turn');
    const sorted = [...collected.latencies].sort((a, b) => a - b);
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      name: options.name,
      streams: options.streams,
      events: options.events,
      delivered: collected.latencies.length,
      expected: options.streams * options.events,
      p50: round(percentile(sorted, 0.5)),
      p99: round(percentile(sorted, 0.99)),
      max: round(sorted.at(-1) ?? Number.NaN),
    };
  } finally {
    if (child.exitCode === null) child.kill();
  }
};
