import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { silentLogger } from '../src/observability/log.js';
import type { Store } from '../src/store/contract.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { migrate } from '../src/store/postgres/migrate.js';
import type { BenchSection } from './sections.js';

/**
 * The PostgreSQL engine under a sustained stream of votes, at 1k, 10k and 100k stored answers: votes per
 * second (each one committed before it resolves) and the event-loop delay meanwhile. Uses DATABASE_URL, or
 * the local test server, in a schema of its own that is dropped afterwards.
 */

const URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = [1_000, 10_000, 100_000];
const DURATION_MS = 4_000;
const IN_FLIGHT = 32;

export interface VoteFigures {
  votesPerSecond: number;
  maxDelayMs: number;
  p99DelayMs: number;
}

/** Votes on random stored answers by random people, IN_FLIGHT at a time, for `durationMs`. */
export async function sustainedVotes(
  store: Store,
  answerIds: (i: number) => string,
  answers: number,
  durationMs = DURATION_MS,
): Promise<VoteFigures> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let done = 0;
  const deadline = performance.now() + durationMs;
  delay.enable();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, w) => {
      for (let i = w; performance.now() < deadline; i += IN_FLIGHT) {
        const id = answerIds(Math.floor(Math.random() * answers));
        await store.vote(id, `U${i % 5_000}`, i % 4 === 0 ? 'down' : 'up');
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  return { votesPerSecond: done / seconds, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6 };
}

async function seedAnswers(url: string, n: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO answers (id, platform, community, channel_id, thread_id, source_message_id, user_id, article_id, fingerprint,
         fingerprint_hash, confidence, trigger, shadow, at)
       SELECT 'seed-' || g, 'slack', 'T' || (g % 3), 'C' || (g % 50), 't' || g, 'm' || g, 'U' || (g % 300), 'prompt-too-long',
         'fp', 'h' || (g % 200), 0.9, 'auto', false, $2::bigint - (($1::bigint - g) * 1000)
       FROM generate_series(1, $1::bigint) g ON CONFLICT (id) DO NOTHING`,
      [n, Date.now()],
    );
  } finally {
    await client.end();
  }
}

async function postgresVotes(): Promise<void> {
  const schema = `bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (err) {
    console.log(`skipped: PostgreSQL at ${URL} is unreachable (${(err as Error).message})`);
    return;
  }
  const url = new globalThis.URL(URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  console.log(`${'answers stored'.padEnd(16)}  ${'votes/s'.padEnd(10)}  ${'loop delay max'.padEnd(15)}  loop delay p99`);
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await migrate(url.toString(), silentLogger);
    for (const size of SIZES) {
      await seedAnswers(url.toString(), size);
      const store = await openPostgresStore(url.toString(), { logger: silentLogger, maxAnswers: 1_000_000 });
      const f = await sustainedVotes(store, (i) => `seed-${i + 1}`, size);
      await store.close();
      console.log(
        `${size.toLocaleString('en-US').padEnd(16)}  ${Math.round(f.votesPerSecond).toLocaleString('en-US').padEnd(10)}  ${`${f.maxDelayMs.toFixed(1)} ms`.padEnd(15)}  ${f.p99DelayMs.toFixed(1)} ms`,
      );
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

export const postgresSections: BenchSection[] = [
  {
    title: `PostgreSQL store: sustained votes (${IN_FLIGHT} in flight, each committed before it resolves, ${DURATION_MS / 1000} s per size)`,
    run: postgresVotes,
  },
];
