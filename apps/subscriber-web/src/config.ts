import { parseWebConfig } from '@portals/web-ui';

/** The only module that reads `import.meta.env`; a wrong setting stops the app at start-up. */
export const config = parseWebConfig(import.meta.env);
