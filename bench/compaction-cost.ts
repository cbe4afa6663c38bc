import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { silentLogger } from '../src/observability/log.js';
import { openLowdbStore } from '../src/store/lowdb/index.js';
import { syntheticAnswers } from './store.js';

/**
 * What one compaction of the embedded store costs the main thread (Linux): its CPU time (the kernel's
 * per-thread counter, so other processes on the machine do not count) and the garbage-collection
 * pauses, from the start of the compaction to one second after it ends, with nothing else running.
 *
 *   BENCH_IMPORTED=1 npx tsx bench/compaction-cost.ts [answers, default 100000]
 */
const size = Number(process.argv[2] ?? 100_000);
const mainThreadCpuMs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

const dir = await mkdtemp(path.join(tmpdir(), 'bench-compaction-'));
const file = path.join(dir, 'diagnose-bot.json');
const doc = {
  schema: 2,
  answers: syntheticAnswers(size),
  votes: [],
  gaps: {},
  channels: {},
  communities: {},
  processed: {},
  claudeUsage: [],
};
await writeFile(file, JSON.stringify(doc));
const store = await openLowdbStore(file, { logger: silentLogger, maxAnswers: size * 2 });
for (let i = 0; i < 1000; i++) await store.vote(`seed-${i % size}`, `U${i}`, 'up');
await new Promise((resolve) => setTimeout(resolve, 3000)); // let start-up's garbage settle
let gc = 0;
const watch = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gc += e.duration;
});
watch.observe({ entryTypes: ['gc'] });
const cpu0 = mainThreadCpuMs();
const t0 = performance.now();
await store.compact();
const wall = performance.now() - t0;
await new Promise((resolve) => setTimeout(resolve, 1000)); // the garbage it made is collected soon after
watch.disconnect();
console.log(
  `${size.toLocaleString('en-US')} answers: main-thread CPU ${(mainThreadCpuMs() - cpu0).toFixed(0)} ms, GC pauses ${gc.toFixed(0)} ms, compaction ${wall.toFixed(0)} ms start to end (${JSON.stringify(store.compactions)})`,
);
await store.close();
await rm(dir, { recursive: true, force: true });
