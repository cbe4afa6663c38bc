import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Vitest's default on a 2-core machine is one worker, yet much of the suite waits on child processes,
    // sockets and PostgreSQL rather than on the CPU; two files at a time overlap those waits. Test files are
    // independent: each PostgreSQL test works in a schema or database of its own, ports are ephemeral.
    maxWorkers: 2,
  },
});
