import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { webhookLimits } from '@portals/domain';
import {
  type CheckedTarget,
  checkWebhookTarget,
  RefusedTargetError,
  type TargetPolicy,
} from './target-address';

/** How long an attempt may take, connection to the end of the (bounded) answer. */
export const webhookTimeoutMs = 10_000;

export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string;
  responseTruncated: boolean;
  error: string | null;
}

/** Cuts at a whole character at most `maxBytes` long. */
const excerptOf = (bytes: Buffer, maxBytes: number): string => {
  let text = bytes.subarray(0, maxBytes).toString('utf8');
  while (Buffer.byteLength(text) > maxBytes) text = text.slice(0, -1);
  return text.replace(/\uFFFD+$/, '');
};

/**
 * POSTs one signed body to a checked target: the connection goes to the address that was checked (the
 * host name stays in the Host header and TLS's server name), redirects are not followed (a 3xx is a
 * failure), the answer is read up to the excerpt's size only, and everything ends after the timeout.
 */
export const postToCheckedTarget = (
  target: CheckedTarget,
  headers: Record<string, string>,
  body: string,
): Promise<AttemptOutcome> =>
  new Promise((resolve) => {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const client = target.url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (outcome: Omit<AttemptOutcome, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, latencyMs: latency() });
    };
    const request = client.request(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
      },
      (response) => {
        const limit = webhookLimits.responseExcerptBytes;
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () =>
          finish({
            statusCode: response.statusCode ?? null,
            responseExcerpt: excerptOf(Buffer.concat(chunks), limit),
            responseTruncated: truncated,
            error: null,
          });
        response.on('data', (chunk: Buffer) => {
          if (size < limit) chunks.push(chunk);
          size += chunk.length;
          if (size > limit) {
            truncated = true;
            done();
            response.destroy();
          }
        });
        response.on('end', done);
        response.on('error', done);
        response.on('close', done);
      },
    );
    const timer = setTimeout(() => {
      finish({
        statusCode: null,
        responseExcerpt: '',
        responseTruncated: false,
        error: `No answer within ${webhookTimeoutMs / 1000} s`,
      });
      request.destroy();
    }, webhookTimeoutMs);
    request.on('error', (error) =>
      finish({ statusCode: null, responseExcerpt: '', responseTruncated: false, error: error.message }),
    );
    request.end(body);
  });

/** Checks the target again (its addresses may have changed since registration) and sends. */
export const sendWebhook = async (
  rawUrl: string,
  policy: TargetPolicy,
  headers: Record<string, string>,
  body: string,
): Promise<AttemptOutcome> => {
  let target: CheckedTarget;
  try {
    target = await checkWebhookTarget(rawUrl, policy);
  } catch (error) {
    if (!(error instanceof RefusedTargetError)) throw error;
    return {
      statusCode: null,
      latencyMs: 0,
      responseExcerpt: '',
      responseTruncated: false,
      error: error.message,
    };
  }
  return postToCheckedTarget(target, headers, body);
};
