/**
 * The process the kill test SIGKILLs: opens the store the environment names (DATA_DIR for lowdb,
 * DATABASE_URL for PostgreSQL, through the same `openStore` the bot uses) and writes a stream of
 * answers, votes and "answered once" claims from several workers at once. Each is acknowledged with a
 * line on stdout only after the store call resolved (pipes to stdout are synchronous on Linux, so a
 * line written is a line the parent gets, even if the kill comes right after).
 *
 *   A <answerId>                      an answer was recorded
 *   V <answerId> <userId> <up|down>   a vote was recorded (each person votes once per answer here)
 *   C <key>                           a claim was won
 *   K <start|done|failed> <writer>    a compaction of the lowdb store started or ended
 */
import { silentLogger } from '../../src/observability/log.js';
import { openStore } from '../../src/store/index.js';
import type { LowdbOptions } from '../../src/store/lowdb/index.js';

const run = process.argv[2] ?? '0';
const dataDir = process.env.DATA_DIR ?? '';
// KILL_COMPACT_AFTER_BYTES / KILL_OFF_THREAD_ABOVE (lowdb): compact all the time, by the worker thread,
// so that kills land in the middle of compactions. `K start|done|failed <writer>` lines say when.
const compaction: Partial<LowdbOptions> = {};
if (process.env.KILL_COMPACT_AFTER_BYTES) compaction.compactAfterBytes = Number(process.env.KILL_COMPACT_AFTER_BYTES);
if (process.env.KILL_OFF_THREAD_ABOVE) compaction.compactOffThreadAbove = Number(process.env.KILL_OFF_THREAD_ABOVE);
compaction.onCompaction = (phase, writer) => process.stdout.write(`K ${phase} ${writer}\n`);
const store = await openStore(
  { dataFile: `${dataDir}/diagnose-bot.json`, DATABASE_URL: process.env.DATABASE_URL, RETENTION_DAYS: 90, MAX_STORED_ANSWERS: 100_000 },
  { logger: silentLogger, ...compaction },
);
process.stdout.write('READY\n');

const answers: string[] = [];
let seq = 0;

async function worker(w: number): Promise<void> {
  for (;;) {
    const i = seq++;
    const roll = i % 10;
    if (roll < 2 || answers.length === 0) {
      const id = `a-${run}-${i}`;
      await store.recordAnswer({
        id,
        platform: 'slack',
        community: 'T-kill',
        channelId: `C${w}`,
        threadId: `t-${run}-${i}`,
        sourceMessageId: `m-${run}-${i}`,
        userId: `U${w}`,
        articleId: id,
        fingerprint: 'kill test',
        fingerprintHash: `fp-${i % 7}`,
        confidence: 0.9,
        trigger: 'auto',
        shadow: false,
      });
      answers.push(id);
      process.stdout.write(`A ${id}\n`);
    } else if (roll < 9) {
      const answerId = answers[(i * 7919) % answers.length] as string;
      const value = i % 3 ? 'up' : 'down';
      const userId = `u-${run}-${i}`;
      const r = await store.vote(answerId, userId, value);
      if (r.ok) process.stdout.write(`V ${answerId} ${userId} ${value}\n`);
    } else {
      const key = `slack:m:C${w}:${run}-${i}`;
      if (await store.claim(key)) process.stdout.write(`C ${key}\n`);
    }
  }
}

await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
