import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/quiet-warnings.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration files share one Kafka and one ClickHouse; two workers match this machine's two cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
