import { portalViteConfig } from '../../packages/web-ui/vite/portal-vite-config.ts';

// The API serves the production build under /subscriber/ (portalServers in the shared configuration).
export default portalViteConfig('subscriber');
