import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API in development; the dev server proxies to it so the SPA talks to the real API. */
const apiOrigin = 'http://127.0.0.1:3000';
const proxy = { '/v1': apiOrigin, '/docs': apiOrigin };

export default defineConfig({
  // The API serves the production build under this prefix.
  base: '/support/',
  plugins: [react()],
  build: { outDir: 'dist/client', emptyOutDir: true },
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, strictPort: true, proxy },
});
