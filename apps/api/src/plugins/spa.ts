import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { repoRoot } from '../config';
import { declarePublic } from './access';
import { sendProblem } from './errors';

export const portals = [
  { name: 'Support Portal', prefix: '/support/', app: 'support-web' },
  { name: 'Subscriber Portal', prefix: '/subscriber/', app: 'subscriber-web' },
] as const;

/** Serves each SPA's production build under its prefix; unknown paths inside it get index.html. */
export const spaPlugin = async (app: FastifyInstance): Promise<void> => {
  declarePublic(app);
  for (const portal of portals) {
    const root = path.join(repoRoot, 'apps', portal.app, 'dist', 'client');
    if (!existsSync(path.join(root, 'index.html'))) {
      app.log.warn(`${portal.name} is not built (${portal.app}): run pnpm build`);
      app.get(`${portal.prefix}*`, (request, reply) =>
        sendProblem(request, reply, 'service_unavailable', `${portal.name} is not built: run pnpm build`),
      );
      continue;
    }
    await app.register(async (scope) => {
      await scope.register(fastifyStatic, {
        root,
        prefix: portal.prefix,
        wildcard: false,
        index: false,
        // The build writes .br and .gz beside each file: sent as the client accepts, never compressed here.
        preCompressed: true,
        cacheControl: false,
        setHeaders: (response, filePath) => {
          response.setHeader('vary', 'accept-encoding');
          // Vite names assets by their content: a new build never reuses a name.
          const hashed = path.relative(root, filePath).startsWith(`assets${path.sep}`);
          response.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
      const serveApp = (request: FastifyRequest, reply: FastifyReply) => {
        // A missing asset is a 404; any other path is a client-side route of the SPA.
        if (/\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '')) {
          return sendProblem(request, reply, 'not_found', `There is no file ${request.url}`);
        }
        // The page names the current assets: revalidated on every visit.
        return reply.sendFile('index.html', root);
      };
      // With trailing slashes ignored, the bare prefix also answers `/support/`.
      scope.get(portal.prefix.slice(0, -1), serveApp);
      scope.get(`${portal.prefix}*`, serveApp);
    });
  }
  app.get('/', (_request, reply) => reply.redirect('/support/'));
};
