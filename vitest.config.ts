import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['aws-sdk-client-mock-vitest/extend'],
    pool: 'forks',
    testTimeout: 30_000,
    // expect.poll waits for something to happen, never for a deadline: give it room on a busy machine.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    // Two cores: run files two at a time, each against its own table and queues.
    maxWorkers: 2,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
