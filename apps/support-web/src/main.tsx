import '@portals/web-ui/styles.css';
import { startPortal } from '@portals/web-ui';
import { portal } from './app/portal';
import { config } from './config';

startPortal(portal, config);
