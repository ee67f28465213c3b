// First: no schema may be built before zod is told not to compile parsers with eval.
import '@portals/domain/without-eval';
import '@portals/web-ui/styles.css';
import { startPortal } from '@portals/web-ui';
import { portal } from './app/portal';
import { config } from './config';

startPortal(portal, config);
