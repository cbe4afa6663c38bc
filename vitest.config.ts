import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Caps for a hung test, not time assertions: many tests start processes, browsers or PostgreSQL
    // schemas, which take several times longer on a busy 2-core machine than on a quiet one.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for a page or a process to catch up; its 1 s default failed under load.
    expect: { poll: { timeout: 15_000 } },
    // Vitest's default on a 2-core machine is one worker, yet much of the suite waits on child processes,
    // sockets and PostgreSQL rather than on the CPU; two files at a time overlap those waits. Test files are
    // independent: each PostgreSQL test works in a schema or database of its own, ports are ephemeral.
    maxWorkers: 2,
  },
});
