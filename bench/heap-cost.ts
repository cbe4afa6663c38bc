import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { silentLogger } from '../src/observability/log.js';
import { openLowdbStore } from '../src/store/lowdb/index.js';
import { syntheticAnswers } from './store.js';

/**
 * What the embedded store costs in memory once open with 100,000 answers (and BENCH_HEAP_VOTES votes,
 * 100,000 by default): heap used after a full collection, resident set size, and the number of objects
 * on the heap (from a heap snapshot's header). The collector's pauses grow with the number of live
 * objects, so the last figure is the one that says most about event-loop stalls.
 *
 * Run: `node --expose-gc --import tsx bench/heap-cost.ts` (without --expose-gc the heap is measured
 * without a collection first, and says so).
 */
const ANSWERS = Number(process.env.BENCH_HEAP_ANSWERS ?? 100_000);
const VOTES = Number(process.env.BENCH_HEAP_VOTES ?? 100_000);

const collect = (globalThis as { gc?: () => void }).gc;

function heapObjects(): Promise<number> {
  // The snapshot's JSON begins with its meta data, node_count among it: read until it shows up.
  return new Promise((resolve, reject) => {
    const stream = v8.getHeapSnapshot();
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      head += chunk.toString('utf8');
      const m = /"node_count":(\d+)/.exec(head);
      if (m) {
        resolve(Number(m[1]));
        stream.destroy();
      }
    });
    stream.on('error', reject);
    stream.on('end', () => reject(new Error('no node_count in the heap snapshot')));
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-heap-'));
  const file = path.join(dir, 'diagnose-bot.json');
  const answers = syntheticAnswers(ANSWERS);
  const votes = Array.from({ length: VOTES }, (_, i) => ({
    answerId: `seed-${(i * 7919) % ANSWERS}`,
    userId: `V${i % 997}`,
    value: i % 3 ? 'up' : 'down',
    at: Date.now() - i,
  }));
  await writeFile(
    file,
    JSON.stringify({ schema: 2, answers, votes, gaps: {}, channels: {}, communities: {}, processed: {}, claudeUsage: [] }),
  );
  answers.length = 0;
  votes.length = 0;
  collect?.();
  const base = process.memoryUsage();
  const store = await openLowdbStore(file, { logger: silentLogger, maxAnswers: 200_000 });
  await store.compact();
  collect?.();
  collect?.();
  const open = process.memoryUsage();
  const objects = await heapObjects();
  const counts = await store.counts();
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `${counts.answers.toLocaleString('en-US')} answers, ${counts.votes.toLocaleString('en-US')} votes${collect ? '' : ' (no --expose-gc: no collection before measuring)'}`,
  );
  console.log(`  heap used     ${mb(open.heapUsed)} (store: ${mb(open.heapUsed - base.heapUsed)})`);
  console.log(`  rss           ${mb(open.rss)}`);
  console.log(`  heap objects  ${objects.toLocaleString('en-US')} (the whole heap, the store and all else)`);
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
