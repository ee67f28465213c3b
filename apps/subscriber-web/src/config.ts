import { parseWebConfig } from '@portals/web-ui';

/** The only module that reads `import.meta.env`; a wrong setting stops the app at start-up. */
export const config = parseWebConfig(import.meta.env);

/**
 * Where the Support Portal is: the API serves it beside this one, under `/support/`, so links to its staff
 * pages stay on the same origin; under `pnpm dev`, its own dev server (VITE_SUPPORT_PORTAL_URL).
 */
export const supportPortalUrl = config.portalUrls.support;
