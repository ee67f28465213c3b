import { portalViteConfig } from '../../packages/web-ui/vite/portal-vite-config.ts';

// The API serves the production build under this prefix.
export default portalViteConfig({ base: '/support/', devPort: 5173, previewPort: 4173 });
