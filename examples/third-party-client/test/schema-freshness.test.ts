import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../apps/api/test/test-app';
import { schemaSourceOf } from '../scripts/schema-source';

const committedSchema = () => readFile(new URL('../src/schema.d.ts', import.meta.url), 'utf8');

/** The first line where two texts part, for a message a person can act on (the files are large). */
const firstDifference = (committed: string, fresh: string): string => {
  const committedLines = committed.split('\n');
  const freshLines = fresh.split('\n');
  const line = freshLines.findIndex((text, index) => text !== committedLines[index]);
  return line === -1
    ? 'the committed file has extra lines at its end'
    : `line ${line + 1}: committed ${JSON.stringify(committedLines[line])}, generated ${JSON.stringify(freshLines[line])}`;
};

const staleness = (committed: string, fresh: string): string | null =>
  committed === fresh
    ? null
    : 'src/schema.d.ts is behind the API: start it (pnpm start) and run ' +
      '`pnpm --filter @portals/third-party-client generate` (or pass the document’s URL or file); ' +
      firstDifference(committed, fresh);

describe('the example client’s generated schema', () => {
  const context = useTestApp();
  const servedDocument = async () => {
    const response = await context.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    return response.json<{ paths: Record<string, Record<string, { summary?: string }>> }>();
  };

  it('is what openapi-typescript generates today from the document the API serves', async () => {
    const fresh = await schemaSourceOf(await servedDocument());
    expect(staleness(await committedSchema(), fresh)).toBeNull();
  });

  it('is found stale as soon as the API’s document changes (the check can fail)', async () => {
    const document = await servedDocument();
    const operation = document.paths['/v1/tickets']?.post;
    if (!operation) throw new Error('the document has no POST /v1/tickets');
    operation.summary = 'Open a ticket (a changed summary)';
    const fresh = await schemaSourceOf(document);
    expect(staleness(await committedSchema(), fresh)).toMatch(/is behind the API: .*line \d+/);
  });
});
