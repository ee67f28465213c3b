import { z } from 'zod';

const WebEnvironment = z.object({
  /** Vite's `base`, for example `/support/`: where the API serves this SPA. */
  BASE_URL: z.string().startsWith('/'),
  /** Where the API lives; empty means the same origin (the API serves the SPA, or the dev proxy). */
  VITE_API_BASE_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
});

export interface WebConfig {
  /** The router's basename: `/support` for a base of `/support/`. */
  basePath: string;
  /** Prefix for API paths, without a trailing slash; `''` for the same origin. */
  apiBaseUrl: string;
}

/** Parses Vite's `import.meta.env` once, refusing to start with a list of what is wrong. */
export const parseWebConfig = (environment: Record<string, unknown>): WebConfig => {
  const parsed = WebEnvironment.safeParse(environment);
  if (!parsed.success) {
    throw new Error(`The portal's configuration is not valid:\n${z.prettifyError(parsed.error)}`);
  }
  return {
    basePath: parsed.data.BASE_URL.replace(/\/+$/, '') || '/',
    apiBaseUrl: parsed.data.VITE_API_BASE_URL.replace(/\/+$/, ''),
  };
};
