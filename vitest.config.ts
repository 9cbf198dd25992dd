import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'e2e/harness/**/*.test.ts', '*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
