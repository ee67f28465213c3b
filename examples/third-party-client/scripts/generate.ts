import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { schemaSourceOf } from './schema-source';

/**
 * Writes src/schema.d.ts from the OpenAPI document the API serves, as a third party would generate
 * it: `pnpm generate [document]`, where the document is a URL (by default a local `pnpm start`'s
 * http://localhost:3000/v1/openapi.json) or a file.
 */
const source = process.argv[2] ?? 'http://localhost:3000/v1/openapi.json';
const document: unknown = /^https?:\/\//.test(source)
  ? await fetch(source).then((response) => {
      if (!response.ok) throw new Error(`${source} answered ${response.status}`);
      return response.json();
    })
  : JSON.parse(await readFile(source, 'utf8'));
const target = fileURLToPath(new URL('../src/schema.d.ts', import.meta.url));
await writeFile(target, await schemaSourceOf(document));
console.log(`Wrote ${target} from ${source}`);
