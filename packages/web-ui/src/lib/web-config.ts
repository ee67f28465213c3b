import type { PortalId } from '@portals/domain';
import { z } from 'zod';

/** A portal's address: a path on this origin (`/support`), or an absolute http(s) URL. */
const PortalAddress = z.union([z.string().startsWith('/'), z.url({ protocol: /^https?$/ })]);

const WebEnvironment = z.object({
  /** Vite's `base`, for example `/support/`: where the API serves this SPA. */
  BASE_URL: z.string().startsWith('/'),
  /** Where the API lives; empty means the same origin (the API serves the SPA, or the dev proxy). */
  VITE_API_BASE_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /**
   * Where each portal is, for the links between them: beside this one under the API by default;
   * `pnpm dev` sets both to its dev servers (packages/web-ui/vite/portal-vite-config.ts).
   */
  VITE_SUPPORT_PORTAL_URL: PortalAddress.default('/support'),
  VITE_SUBSCRIBER_PORTAL_URL: PortalAddress.default('/subscriber'),
});

export interface WebConfig {
  /** The router's basename: `/support` for a base of `/support/`. */
  basePath: string;
  /** Prefix for API paths, without a trailing slash; `''` for the same origin. */
  apiBaseUrl: string;
  /** Each portal's address, without a trailing slash: a portal page's path goes after it. */
  portalUrls: Record<PortalId, string>;
}

const withoutTrailingSlash = (address: string) => address.replace(/\/+$/, '');

/** Parses Vite's `import.meta.env` once, refusing to start with a list of what is wrong. */
export const parseWebConfig = (environment: Record<string, unknown>): WebConfig => {
  const parsed = WebEnvironment.safeParse(environment);
  if (!parsed.success) {
    throw new Error(`The portal's configuration is not valid:\n${z.prettifyError(parsed.error)}`);
  }
  return {
    basePath: withoutTrailingSlash(parsed.data.BASE_URL) || '/',
    apiBaseUrl: withoutTrailingSlash(parsed.data.VITE_API_BASE_URL),
    portalUrls: {
      support: withoutTrailingSlash(parsed.data.VITE_SUPPORT_PORTAL_URL),
      subscriber: withoutTrailingSlash(parsed.data.VITE_SUBSCRIBER_PORTAL_URL),
    },
  };
};

/** Where the portals are when nothing says otherwise: beside each other, as the API serves them. */
export const defaultPortalUrls: Record<PortalId, string> = { support: '/support', subscriber: '/subscriber' };
