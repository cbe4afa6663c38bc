import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshSchema, skipPostgres } from '../../helpers/postgres.js';
import { runKillTest } from '../kill.js';

/**
 * The kill test (test/store/kill.ts) for the PostgreSQL engine: a writer process SIGKILLed at random
 * moments under answers, votes and claims (KILL_TEST_RUNS times, 50 by default), the store opened again
 * after every kill: every acknowledged (committed) record is there, the store healthy.
 */
const RUNS = Number(process.env.KILL_TEST_RUNS ?? 50);
const skip = await skipPostgres();
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe.skipIf(skip)('PostgreSQL engine: killed with SIGKILL, loses nothing acknowledged', () => {
  it(
    `${RUNS} kills at random moments: 0 acknowledged answers, votes or claims lost`,
    async () => {
      const { url, drop } = await freshSchema('kill');
      const dir = await mkdtemp(path.join(tmpdir(), 'kill-pg-'));
      cleanups.push(drop, () => rm(dir, { recursive: true, force: true }));
      const result = await runKillTest({ env: { DATABASE_URL: url, DATA_DIR: dir }, runs: RUNS });
      expect(result.runs).toBe(RUNS);
      expect(result.lost).toEqual({ answers: 0, votes: 0, claims: 0 });
      expect(result.acknowledged.votes).toBeGreaterThan(RUNS);
      expect(result.acknowledged.answers).toBeGreaterThan(RUNS);
      console.log(`kill test (postgres): ${JSON.stringify(result)}`);
    },
    Math.max(60_000, RUNS * 15_000),
  );
});
