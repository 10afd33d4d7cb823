import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In `pnpm dev` Vite serves the app and forwards API and auth calls to the backend, so the
// browser sees one origin exactly as in run mode, where the backend serves apps/web/dist.
const backendOrigin = `http://localhost:${process.env.PORT ?? 4000}`;

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api/': { target: backendOrigin, changeOrigin: false },
      '/auth/v1/': { target: backendOrigin, changeOrigin: false },
    },
  },
});
