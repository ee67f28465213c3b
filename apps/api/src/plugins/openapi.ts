import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { documentRequestLimits } from '../lib/openapi-request-limits';
import { accessKindOf, declarePublic, documentedPermissionOf, takesApiTokens } from './access';

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

/**
 * OpenAPI 3.1 generated from the routes' zod schemas. Each operation states its access:
 * `x-access` (the kind), `x-permission` and `x-api-tokens` (whether an API token may call it).
 * The document is served at /v1/openapi.json; /docs shows it with Scalar, from this origin only.
 */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: apiTitle,
        version: '1',
        description:
          'One API for the Support Portal, the Subscriber Portal and third parties. ' +
          'Every failure is RFC 9457 problem+json. Each operation states its access: `x-access` is ' +
          "`public`, `sign-in-session` (a person's own sign-in session only), `authenticated` (any " +
          'signed-in user, for their own things) or `permission` (named in `x-permission`); ' +
          '`x-api-tokens` says whether an API token (`pat_…`, within its scopes) may call it.',
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'The access token of a sign-in session.',
          },
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'pat_…',
            description: 'An API token, within its scopes, on operations marked `x-api-tokens: true`.',
          },
        },
      },
    },
    transform: (input) => {
      const transformed = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      // A route without any schema still gets an operation, which must state its access.
      const schema = (transformed.schema ?? {}) as Record<string, unknown>;
      transformed.schema = schema;
      // Undeclared routes stop the app from starting (see the access plugin); documenting a guess
      // here would hide that from the route registry test.
      if (!access) return transformed;
      const declared = access;
      const kind = accessKindOf(declared);
      const apiTokens = takesApiTokens(declared);
      schema['x-access'] = kind;
      schema['x-permission'] = documentedPermissionOf(declared);
      schema['x-api-tokens'] = apiTokens;
      schema.security =
        kind === 'public' ? [] : apiTokens ? [{ bearerAuth: [] }, { apiToken: [] }] : [{ bearerAuth: [] }];
      if (kind !== 'public') {
        const note = apiTokens
          ? 'Takes a sign-in session or an API token carrying the permission.'
          : 'Takes a sign-in session only: API tokens are refused.';
        const description = typeof schema.description === 'string' ? `${schema.description}\n\n` : '';
        schema.description = `${description}${note}`;
      }
      return transformed;
    },
    // The limits' headers and the 429 answer, on every operation (decision 040).
    transformObject: (document) =>
      documentRequestLimits('openapiObject' in document ? document.openapiObject : document.swaggerObject),
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
