import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { Endpoint } from '@portals/domain';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { documentRequestLimits } from '../lib/openapi-request-limits';
import { accessKindOf, declarePublic, documentedPermissionOf, takesApiTokens } from './access';
import { completeDocument, openapiPathOf } from './openapi-document';

/** The API's name, as the OpenAPI document and the reference page give it. */
export const apiTitle = 'Subscription portals API';

/**
 * Scalar's browser build (an ES module and the chunks it loads when needed), served from the API's own
 * origin: the page loads nothing from elsewhere (docs/decisions/026-api-reference-page.md).
 */
const scalarBrowserBuild = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')),
  'browser',
);

/**
 * The reference page's policy: the portals' own, except that Scalar writes its styles into the page
 * (a style element and style attributes), so styles may be inline here. Scripts stay our own files.
 */
const referencePagePolicy =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; " +
  "script-src-attr 'none'; style-src 'self' 'unsafe-inline'";

/**
 * Scalar's settings. Nothing that calls out: no web fonts (the system's), no telemetry, no developer
 * tools or agent (both talk to Scalar's services, and both turn on by themselves on localhost).
 */
const scalarConfiguration = {
  url: '/v1/openapi.json',
  metaData: { title: `${apiTitle} reference` },
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  documentDownloadType: 'json',
  // "Test request" offers the API token first: what a third party trying the API has.
  authentication: { preferredSecurityScheme: 'apiToken' },
  // Scalar's default theme with its greys and method colours darkened to a contrast of at least 4.5:1
  // on each of its backgrounds (WCAG AA, as axe checks it).
  customCss: `
    .light-mode {
      --scalar-color-2: #595959;
      --scalar-color-3: #666666;
      --scalar-color-accent: #0069b3;
      --scalar-color-green: #067a52;
      --scalar-color-red: #c80005;
      --scalar-color-yellow: #806600;
      --scalar-color-blue: #0066a8;
      --scalar-color-orange: #b83f00;
    }
    .dark-mode {
      --scalar-color-3: #949494;
      --scalar-color-red: #ff5c5a;
    }
    /* Scalar cuts a response's description under its example to three lines, the rest scrolling in a
       box the keyboard cannot reach (axe: scrollable-region-focusable): shown whole instead. */
    .response-card .response-card-footer .response-description-markdown {
      max-height: none;
    }
    /* On a phone the header names the operation in view on one line: a long name widened the page. */
    .t-doc__header header > span {
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
    }`,
};

const referencePage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${apiTitle} reference</title>
    <script type="module" src="/docs/reference.js"></script>
  </head>
  <body>
    <div id="reference"></div>
    <noscript>The reference needs JavaScript. The OpenAPI document is at
      <a href="/v1/openapi.json">/v1/openapi.json</a>.</noscript>
  </body>
</html>
`;

/**
 * The page's own script (the policy allows no inline one). Two repairs to Scalar:
 * - Zod, inside Scalar, probes whether it may compile code with `Function('')`: the policy refuses that
 *   and the browser reports it. `jitless` (what `z.config({ jitless: true })` sets) tells it not to
 *   try; it must be set before Scalar's modules load, hence the dynamic import.
 * - Scalar names the picker of a response's variants "Schema" while it shows the variant chosen
 *   ("object 1"): a name that leaves out the visible text fails WCAG 2.5.3 (label in name, which axe
 *   reports as serious). Each picker is named by both, as it appears and whenever its text changes.
 */
const referenceScript = `globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };
const { createApiReference } = await import('./scalar/standalone.esm.js');

const configuration = ${JSON.stringify(scalarConfiguration, null, 2)};
createApiReference(document.getElementById('reference'), {
  ...configuration,
  // The code samples and test requests go to the server the page came from (the document names none).
  servers: [{ url: window.location.origin }],
});

const nameVariantPickers = () => {
  for (const picker of document.querySelectorAll('[data-testid="response-variant-picker"]')) {
    picker.dataset.label ??= picker.getAttribute('aria-label') ?? '';
    const shown = picker.textContent.trim();
    const name = picker.dataset.label ? picker.dataset.label + ': ' + shown : shown;
    if (picker.getAttribute('aria-label') !== name) picker.setAttribute('aria-label', name);
  }
};
new MutationObserver(nameVariantPickers).observe(document.body, {
  subtree: true,
  childList: true,
  characterData: true,
});
`;

/** The document's introduction: what the API is, how to authenticate, how it changes. */
const apiDescription = `One API for the Support Portal, the Subscriber Portal and third parties. Every failure is
RFC 9457 problem+json; each operation lists the problem \`type\`s it can answer.

## Authentication

Create an **API token** in the Support Portal under **Account → API tokens** (choose its scopes; the
secret \`pat_…\` is shown once) and send \`Authorization: Bearer pat_…\`. \`x-api-tokens\` says whether
an operation takes one; \`x-access\` is \`public\`, \`sign-in-session\` (a person's own sign-in only),
\`authenticated\` (any signed-in user) or \`permission\` (named in \`x-permission\`).

## Changes and deprecation

Version 1 changes only by addition. A deprecated operation is marked \`deprecated\`, answers with
\`Deprecation\`, \`Sunset\` and \`Link\` headers, and keeps answering six months at least: see the API
changelog and deprecation policy (\`docs/api-changelog.md\`).`;

/**
 * How callers authenticate: both are bearer tokens in the Authorization header. The reference page's
 * "Test request" offers them by name.
 */
const securitySchemes = {
  apiToken: {
    type: 'http' as const,
    scheme: 'bearer',
    bearerFormat: 'pat_…',
    description:
      'An API token (`pat_…`), for scripts and integrations: create one in the Support Portal under ' +
      'Account → API tokens, choosing its scopes; the secret is shown once. It is accepted on ' +
      'operations marked `x-api-tokens: true`, within its scopes.',
  },
  bearerAuth: {
    type: 'http' as const,
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The access token of a sign-in session (what the portals send; `POST /v1/auth/sign-in`).',
  },
};

/**
 * OpenAPI 3.1 generated from the routes' zod schemas. Each operation states its access:
 * `x-access` (the kind), `x-permission` and `x-api-tokens` (whether an API token may call it).
 * The document is served at /v1/openapi.json; /docs shows it with Scalar, from this origin only.
 * completeDocument (openapi-document.ts) adds what the definitions say beyond the schemas: operation
 * ids, problem types, examples, deprecation.
 */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  // Each documented route's definition, by method and OpenAPI path (`POST /v1/tickets/{ticketId}/replies`).
  const endpointsByOperation = new Map<string, Endpoint>();
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: apiTitle,
        version: '1',
        description: apiDescription,
        license: { name: 'Proprietary: use under your subscription agreement' },
      },
      // The origin that serves this document (the reference page's "Test request" goes there too).
      servers: [{ url: '/', description: 'This server' }],
      components: { securitySchemes },
    },
    // What the definitions say beyond the schemas, then the limits' headers and the 429 answer on every
    // operation (decision 040).
    transformObject: (documents) =>
      'openapiObject' in documents
        ? documentRequestLimits(
            completeDocument(documents.openapiObject as Record<string, unknown>, (operation) =>
              endpointsByOperation.get(operation),
            ) as typeof documents.openapiObject,
          )
        : documents.swaggerObject,
    transform: (input) => {
      const transformed = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      // A route without any schema still gets an operation, which must state its access.
      const schema = (transformed.schema ?? {}) as Record<string, unknown>;
      transformed.schema = schema;
      // Undeclared routes stop the app from starting (see the access plugin); documenting a guess
      // here would hide that from the route registry test.
      if (!access) return transformed;
      const endpoint = input.route.config?.endpoint;
      if (endpoint) endpointsByOperation.set(`${endpoint.method} ${openapiPathOf(endpoint.path)}`, endpoint);
      const declared = access;
      const kind = accessKindOf(declared);
      const apiTokens = takesApiTokens(declared);
      schema['x-access'] = kind;
      schema['x-permission'] = documentedPermissionOf(declared);
      schema['x-api-tokens'] = apiTokens;
      schema.security =
        kind === 'public' ? [] : apiTokens ? [{ apiToken: [] }, { bearerAuth: [] }] : [{ bearerAuth: [] }];
      if (kind !== 'public') {
        const note = apiTokens
          ? 'Takes a sign-in session or an API token carrying the permission.'
          : 'Takes a sign-in session only: API tokens are refused.';
        const description = typeof schema.description === 'string' ? `${schema.description}\n\n` : '';
        schema.description = `${description}${note}`;
      }
      return transformed;
    },
  });

  await app.register(async (scope) => {
    declarePublic(scope);
    scope.get('/v1/openapi.json', { schema: { hide: true } }, async () => scope.swagger());
    scope.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', referencePagePolicy)
        .header('cache-control', 'no-cache')
        .send(referencePage),
    );
    scope.get('/docs/reference.js', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(referenceScript),
    );
    await scope.register(fastifyStatic, {
      root: scalarBrowserBuild,
      prefix: '/docs/scalar/',
      // The browser build and its chunks; not the source maps (20 MB, and nothing the page needs).
      allowedPath: (pathName) => /\.js$/.test(pathName),
      schemaHide: true,
      cacheControl: false,
      setHeaders: (response, filePath) => {
        // The chunks are named by their content; the entry module keeps its name across versions.
        const hashed = path.relative(scalarBrowserBuild, filePath).startsWith(`chunks${path.sep}`);
        response.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  });
});
