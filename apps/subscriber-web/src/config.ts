import { parseWebConfig } from '@portals/web-ui';

/** The only module that reads `import.meta.env`; a wrong setting stops the app at start-up. */
export const config = parseWebConfig(import.meta.env);

/**
 * Where the Support Portal is: the API serves it beside this one, under `/support/` (see
 * apps/support-web/vite.config.ts), so links to its staff pages stay on the same origin.
 */
export const supportPortalPath = '/support';
