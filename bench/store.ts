import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { silentLogger } from '../src/observability/log.js';
import type { Store } from '../src/store/contract.js';
import { openLowdbStore } from '../src/store/lowdb/index.js';
import type { AnswerRecord } from '../src/store/records.js';
import { watchLoop } from './loop-delay.js';
import type { BenchSection } from './sections.js';

/**
 * Votes through the store contract while it holds 1k, 10k and 100k answers: votes per second sustained
 * (each one durable before it resolves, 64 voters in flight, one answer recorded per 20 votes) and how
 * long the event loop was blocked meanwhile (perf_hooks.monitorEventLoopDelay: max and p99). A
 * compaction of the whole store is started in the middle of every run, so its cost is in the figures.
 *
 * `storeBench` takes any engine: an `EngineUnderTest` seeds the answers and opens the store.
 */
export interface EngineUnderTest {
  name: string;
  /** Opens a store already holding `answers`; `compact` rewrites whatever the engine rewrites in the background. */
  open(
    answers: AnswerRecord[],
  ): Promise<{ store: Store; compact?: () => Promise<void>; size?: () => Promise<string>; dispose(): Promise<void> }>;
}

const SIZES = (process.env.BENCH_STORE_SIZES ?? '1000,10000,100000').split(',').map(Number);
const RUN_MS = Number(process.env.BENCH_STORE_MS ?? 4_000);
const IN_FLIGHT = 64;

export function syntheticAnswers(n: number, now = Date.now()): AnswerRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `seed-${i}`,
    platform: 'slack' as const,
    community: `T${i % 3}`,
    channelId: `C${i % 40}`,
    threadId: `${1_700_000_000 + i}.000100`,
    sourceMessageId: `${1_700_000_000 + i}.000100`,
    replyMessageId: `${1_700_000_000 + i}.000200`,
    userId: `U${i % 500}`,
    articleId: `article-${i % 117}`,
    fingerprint: `400 invalid_request_error · message number <n> of kind ${i % 300}`,
    fingerprintHash: (i % 300).toString(16).padStart(12, '0'),
    confidence: 0.9,
    trigger: 'auto' as const,
    shadow: false,
    at: now - (n - i) * 1_000,
    requestIds: [`req_${i.toString(36).padStart(12, '0')}`],
  }));
}

export async function storeBench(engine: EngineUnderTest): Promise<void> {
  const widths = [16, 10, 12, 12, 12, 12, 18, 10, 10];
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join('  ');
  console.log(row(['answers stored', 'votes/s', 'loop max', 'loop p99', 'CPU max', 'longest GC', 'idle max / p99', 'open', 'on disk']));
  for (const size of SIZES) {
    let seed: AnswerRecord[] | null = syntheticAnswers(size);
    const t0 = performance.now();
    const subject = await engine.open(seed);
    const openMs = performance.now() - t0;
    const ids = seed.map((a) => a.id);
    const template = seed[0] as AnswerRecord;
    seed = null; // the store holds its own copy: keep the heap what it would be in the bot
    const idle = await idleDelay(RUN_MS / 2);
    const { votes, seconds, max, p99, cpuMax, gc } = await sustainedVotes(subject.store, ids, template, subject.compact);
    const disk = subject.size ? await subject.size() : '';
    console.log(
      row([
        size.toLocaleString('en-US'),
        Math.round(votes / seconds).toLocaleString('en-US'),
        `${max.toFixed(1)} ms`,
        `${p99.toFixed(1)} ms`,
        cpuMax === null ? 'n/a' : `${cpuMax.toFixed(1)} ms`,
        `${gc.toFixed(1)} ms`,
        `${idle.max.toFixed(1)} / ${idle.p99.toFixed(1)} ms`,
        `${(openMs / 1000).toFixed(2)} s`,
        disk,
      ]),
    );
    await subject.dispose();
  }
  console.log(
    `  (${engine.name}: ${IN_FLIGHT} voters in flight for ${RUN_MS / 1000} s or until the compaction started half-way ends, each vote durable before it resolves;`,
  );
  console.log('   "CPU max": the most CPU the main thread itself used within one delay (Linux; see bench/loop-delay.ts);');
  console.log('   "longest GC": the longest garbage-collection pause meanwhile (perf_hooks "gc" entries, part of the loop delay);');
  console.log('   "idle": the same monitor with the store open and untouched, just before: what the machine alone adds)');
}

/** Event-loop delay with nothing to do: scheduling noise from other processes on the machine. */
async function idleDelay(ms: number): Promise<{ max: number; p99: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  await new Promise((resolve) => setTimeout(resolve, ms));
  delay.disable();
  return { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6 };
}

/**
 * The vote stream. It runs RUN_MS, and longer if the compaction started half-way has not finished by
 * then: the figures cover the whole of the compaction, however long it takes.
 */
async function sustainedVotes(store: Store, ids: string[], template: AnswerRecord, compact?: () => Promise<void>) {
  let votes = 0;
  let recorded = 0;
  const started = performance.now();
  const deadline = started + RUN_MS;
  let compaction: Promise<void> | null = null;
  let compacting = false;
  const watch = watchLoop();
  const voter = async (v: number) => {
    for (let i = v; performance.now() < deadline || compacting; i += IN_FLIGHT) {
      if (!compaction && compact && performance.now() > deadline - RUN_MS / 2) {
        compacting = true;
        compaction = compact().finally(() => {
          compacting = false;
        });
      }
      if (i % 20 === 0) {
        await store.recordAnswer({ ...template, id: undefined, threadId: `new-${v}-${i}`, sourceMessageId: `new-${v}-${i}` });
        recorded++;
      } else {
        await store.vote(ids[(i * 7919) % ids.length] as string, `V${i % 997}`, i % 3 ? 'up' : 'down');
        votes++;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, v) => voter(v)));
  const loop = watch.stop();
  const seconds = (performance.now() - started) / 1000;
  await compaction;
  return { votes: votes + recorded, seconds, ...loop };
}

/** The embedded engine: the seed is written as the document, as a previous run would have left it. */
export const lowdbEngine: EngineUnderTest = {
  name: 'lowdb (write-ahead log, group commit)',
  async open(answers) {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-store-'));
    const file = path.join(dir, 'diagnose-bot.json');
    await writeFile(
      file,
      JSON.stringify({ schema: 2, answers, votes: [], gaps: {}, channels: {}, communities: {}, processed: {}, claudeUsage: [] }),
    );
    const store = await openLowdbStore(file, { logger: silentLogger, maxAnswers: 200_000 });
    return {
      store,
      compact: () => store.compact(),
      size: async () => `${((await stat(file)).size / 1024 / 1024).toFixed(1)} MB`,
      async dispose() {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

export const storeSections: BenchSection[] = [
  { title: '4. Store: durable votes per second and event-loop delay as the store grows (lowdb)', run: () => storeBench(lowdbEngine) },
];

if (!process.env.BENCH_IMPORTED && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await storeBench(lowdbEngine);
}
