import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.main.ts'),
          // The core runs in a worker thread started by main; it is its own entry.
          'core-worker': resolve(root, 'electron/core/worker.node.ts'),
          // Threads the core starts (the import's triage, the vault's checkpoints): entries too.
          'triage-worker': resolve(root, 'electron/core/messages/triageWorker.node.ts'),
          'checkpoint-worker': resolve(root, 'electron/core/storage/checkpointWorker.node.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot load ES modules or other files: one CommonJS bundle.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
