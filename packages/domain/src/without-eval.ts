import { config } from 'zod';

/**
 * Imported first by the portals, before any schema is built: zod compiles parsers with
 * `new Function` and probes for it, which the portals' strict Content-Security-Policy reports as a
 * violation even though zod falls back. Without compiling, parsing is a little slower, in a browser
 * that parses little.
 */
config({ jitless: true });
