import { portalViteConfig } from '../../packages/web-ui/vite/portal-vite-config.ts';

// The API serves the production build under this prefix.
export default portalViteConfig({ base: '/subscriber/', devPort: 5174, previewPort: 4174 });
