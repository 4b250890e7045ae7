import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['flux-model/**/*.test.ts', 'sim/**/*.test.ts', 'server/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}', 'web/e2e/**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['./vitest.global-setup.ts'],
    reporters: ['default'],
  },
});
