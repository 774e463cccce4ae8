import { defineConfig, type PluginOption } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves this build from packages/web/dist; in development Vite proxies the API to a local server.
export default defineConfig({
  // @vitejs/plugin-react is hoisted to the root, where its types resolve against vitest's newer vite; at run time it
  // is a plain plugin object for this package's vite 7, so only the type needs bridging.
  plugins: [react() as unknown as PluginOption],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is large; one vendor chunk keeps the console's first load to a few cacheable files.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules')) return 'vendor';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
