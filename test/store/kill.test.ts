import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKillTest } from './kill.js';

/**
 * SIGKILL at random moments under a stream of votes, answers and claims (KILL_TEST_RUNS times, 50 by
 * default): after every restart, nothing acknowledged is lost and the store is valid.
 */
const RUNS = Number(process.env.KILL_TEST_RUNS ?? 50);

describe('lowdb engine: killed with SIGKILL, loses nothing acknowledged', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    `${RUNS} kills at random moments: 0 acknowledged answers, votes or claims lost`,
    async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'kill-lowdb-'));
      const result = await runKillTest({ env: { DATA_DIR: dir }, runs: RUNS });
      expect(result.runs).toBe(RUNS);
      expect(result.lost).toEqual({ answers: 0, votes: 0, claims: 0 });
      // The stream really ran: something was acknowledged in every run on average.
      expect(result.acknowledged.votes).toBeGreaterThan(RUNS);
      expect(result.acknowledged.answers).toBeGreaterThan(RUNS);
      // And the document the last restart compacted is whole JSON.
      const doc = JSON.parse(await readFile(path.join(dir, 'diagnose-bot.json'), 'utf8'));
      expect(doc.answers.length).toBeGreaterThanOrEqual(result.acknowledged.answers);
      console.log(`kill test (lowdb): ${JSON.stringify(result)}`);
    },
    Math.max(60_000, RUNS * 12_000),
  );
});
