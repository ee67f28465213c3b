import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Endpoint, endpointGroups, errorStatusByCode, problemType, staffRoles } from '@portals/domain';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiPathOf, problemCodesOf } from '../src/plugins/openapi-document';
import { useTestApp } from './test-app';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const redocly = path.join(repoRoot, 'node_modules/.bin/redocly');

type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId?: string;
  deprecated?: boolean;
  requestBody?: { content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, Json & { $ref?: string; content?: Record<string, MediaType> }>;
}
interface MediaType {
  schema: Json;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Document extends Json {
  paths: Record<string, Record<string, Operation>>;
  components: Json & { responses: Record<string, Json & { content: Record<string, MediaType> }> };
}

/** Runs the linter as the README's test command does, with the committed redocly.yaml. */
const lint = async (document: unknown, folder: string): Promise<{ exitCode: number; output: string }> => {
  const file = path.join(folder, `openapi-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(document));
  try {
    const { stdout, stderr } = await promisify(execFile)(
      redocly,
      ['lint', file, '--config', path.join(repoRoot, 'redocly.yaml'), '--format', 'stylish'],
      {
        cwd: repoRoot,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
};

const methods = ['get', 'post', 'put', 'patch', 'delete'];
const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([url, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${url}`, url, method, operation })),
  );

/** The response an operation lists for `status`, its shared component resolved. */
const responseOf = (document: Document, operation: Operation, status: number) => {
  const response = operation.responses[String(status)];
  const reference = response?.$ref?.replace('#/components/responses/', '');
  return reference ? document.components.responses[reference] : response;
};

const definitions = new Map<string, Endpoint>(
  Object.values(endpointGroups)
    .flatMap((group) => Object.values(group) as Endpoint[])
    .map((endpoint) => [`${endpoint.method} ${openapiPathOf(endpoint.path)}`, endpoint]),
);

describe('the OpenAPI document the API serves', () => {
  const context = useTestApp();
  let document: Document;
  let folder: string;

  beforeAll(async () => {
    const response = await context.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json<Document>();
    folder = await mkdtemp(path.join(os.tmpdir(), 'openapi-lint-'));
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('passes the OpenAPI linter (redocly, recommended rules and redocly.yaml)', async () => {
    const { exitCode, output } = await lint(document, folder);
    expect(exitCode, output).toBe(0);
  }, 60_000);

  it('fails the linter, and so the test command, when the document has an error', async () => {
    const broken = structuredClone(document);
    const operation = broken.paths['/v1/tickets']?.post;
    if (!operation) throw new Error('the document has no POST /v1/tickets');
    delete operation.operationId;
    const { exitCode, output } = await lint(broken, folder);
    expect(exitCode).not.toBe(0);
    expect(output).toMatch(/operation-operationId/);
  }, 60_000);

  it('documents every operation of the definitions, each with an operation id of its own', () => {
    const operations = operationsOf(document).filter(({ url }) => url.startsWith('/v1/'));
    expect(operations.length).toBe(definitions.size);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => id === undefined)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation an example of its request body and of each answer, each valid against its own schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    // zod writes `startsWith` as this format beside a pattern, which is what checks it.
    ajv.addFormat('starts_with', true);
    const invalid: string[] = [];
    const missing: string[] = [];
    const check = (where: string, schema: Json, example: unknown) => {
      if (example === undefined) {
        missing.push(where);
        return;
      }
      const validate = ajv.compile({ ...schema, components: document.components });
      if (!validate(example)) invalid.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    };
    let examples = 0;
    for (const { name, operation } of operationsOf(document)) {
      const body = operation.requestBody?.content['application/json'];
      if (operation.requestBody) {
        if (!body) missing.push(`${name} request body (not JSON)`);
        else check(`${name} request body`, body.schema, body.example);
      }
      for (const [status, listed] of Object.entries(operation.responses)) {
        const response = responseOf(document, operation, Number(status)) ?? listed;
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (type === 'application/problem+json') {
            const named = Object.entries(media.examples ?? {});
            if (named.length === 0) missing.push(`${name} ${status} problems`);
            for (const [code, { value }] of named) check(`${name} ${status} ${code}`, media.schema, value);
            examples += named.length;
          } else {
            check(`${name} ${status} ${type}`, media.schema, media.example);
            examples += 1;
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(invalid).toEqual([]);
    expect(examples).toBeGreaterThan(500);
  });

  it('gives every operation a request body example that its definition accepts, refinements included', () => {
    const refused: string[] = [];
    for (const { name, operation } of operationsOf(document)) {
      const endpoint = definitions.get(name);
      const example = operation.requestBody?.content['application/json']?.example;
      if (!endpoint?.body || example === undefined) continue;
      const parsed = endpoint.body.safeParse(example);
      if (!parsed.success) refused.push(`${name}: ${parsed.error.message}`);
    }
    expect(refused).toEqual([]);
  });

  it('lists on every operation the problem types its access, parameters and body make possible', () => {
    const unlisted: string[] = [];
    for (const { name, operation } of operationsOf(document)) {
      const endpoint = definitions.get(name);
      if (!endpoint) continue;
      const expected = problemCodesOf(endpoint);
      if (!('public' in endpoint.access)) expect(expected).toContain('unauthenticated');
      if (endpoint.params) expect(expected).toContain('not_found');
      if (endpoint.body) expect(expected).toContain('validation_failed');
      for (const code of expected) {
        const media = responseOf(document, operation, errorStatusByCode[code])?.content?.[
          'application/problem+json'
        ];
        const types = (media?.schema.allOf as Json[] | undefined)?.[1] as
          | { properties: { type: { enum: string[] } } }
          | undefined;
        if (!types?.properties.type.enum.includes(problemType(code)) || !media?.examples?.[code]) {
          unlisted.push(`${name}: ${code}`);
        }
      }
    }
    expect(unlisted).toEqual([]);
  });

  it('answers each operation, signed out and signed in with unusable input, only with problems it lists', async () => {
    const admin = await context.factories.staff({ roles: [...staffRoles] });
    const undocumented: string[] = [];
    for (const { name, url, method, operation } of operationsOf(document)) {
      // The event stream stays open (it answers nothing else), and signing out everywhere would end
      // the session the rest of the loop uses.
      if (
        !url.startsWith('/v1/') ||
        name === 'GET /v1/events' ||
        name === 'POST /v1/auth/sign-out-everywhere'
      )
        continue;
      const concrete = url.replaceAll(/\{[^}]+\}/g, 'not-a-valid-id');
      const requests = [
        { headers: {} },
        { headers: { authorization: `Bearer ${context.app.jwt.sign(admin.claims)}` } },
      ];
      for (const { headers } of requests) {
        const response = await context.app.inject({
          method: method.toUpperCase() as 'GET',
          url: concrete,
          headers,
          ...(operation.requestBody ? { payload: {} } : {}),
        });
        if (response.statusCode < 400) continue;
        const problem = response.json<{ type: string; code: string }>();
        const media = responseOf(document, operation, response.statusCode)?.content?.[
          'application/problem+json'
        ];
        if (!media?.examples?.[problem.code]) {
          undocumented.push(`${name} answered ${response.statusCode} ${problem.type}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  }, 120_000);
});
