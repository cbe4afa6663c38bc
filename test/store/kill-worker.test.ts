import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKillTest } from './kill.js';

/**
 * The lowdb engine's concurrent path under SIGKILL (KILL_WORKER_RUNS times, 25 by default; a file of its
 * own so it runs beside the 50-kill test of kill.test.ts rather than after it).
 */
const RUNS = Number(process.env.KILL_WORKER_RUNS ?? process.env.KILL_TEST_RUNS ?? 25);

describe('lowdb engine: killed with SIGKILL while the worker thread compacts', () => {
  it(
    `${RUNS} kills while the worker thread compacts: 0 acknowledged answers, votes or claims lost`,
    async () => {
      // The concurrent path: every 16 KB of log the worker thread rewrites the document from the files
      // while the writer keeps appending to the next segment, so most kills land mid-compaction (in the
      // worker's read, its write of the temp file, the rename, or the deletion of covered segments).
      const workerDir = await mkdtemp(path.join(tmpdir(), 'kill-lowdb-worker-'));
      try {
        const env = { DATA_DIR: workerDir, KILL_COMPACT_AFTER_BYTES: '16384', KILL_OFF_THREAD_ABOVE: '0' };
        const result = await runKillTest({ env, runs: RUNS, window: [100, 1_500] });
        console.log(`kill test (lowdb, worker compaction): ${JSON.stringify(result)}`);
        expect(result.lost).toEqual({ answers: 0, votes: 0, claims: 0 });
        expect(result.acknowledged.votes).toBeGreaterThan(RUNS);
        // The worker really compacted, and kills really interrupted it.
        expect(result.compactions.worker ?? 0).toBeGreaterThan(0);
        expect(result.killedMidCompaction.worker ?? 0).toBeGreaterThan(RUNS / 4);
        const doc = JSON.parse(await readFile(path.join(workerDir, 'diagnose-bot.json'), 'utf8'));
        expect(doc.answers.length).toBeGreaterThanOrEqual(result.acknowledged.answers);
      } finally {
        await rm(workerDir, { recursive: true, force: true });
      }
    },
    Math.max(60_000, RUNS * 15_000),
  );
});
