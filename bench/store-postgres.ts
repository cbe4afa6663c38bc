import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { silentLogger } from '../src/observability/log.js';
import { importAnswers } from '../src/store/postgres/import.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import type { BenchSection } from './sections.js';
import { type EngineUnderTest, storeBench } from './store.js';

/**
 * The PostgreSQL engine through the same store bench as the embedded one (bench/store.ts): each size in
 * a schema of its own on BENCH_DATABASE_URL, DATABASE_URL or the local test server, dropped afterwards.
 */
const BASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const postgresEngine: EngineUnderTest = {
  name: 'PostgreSQL (pg pool of 10, each vote a committed transaction)',
  async open(answers) {
    const schema = `bench_${process.pid}_${answers.length}`;
    const url = new URL(BASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await importAnswers(url.toString(), silentLogger, answers);
    const store = await openPostgresStore(url.toString(), { logger: silentLogger, maxAnswers: 200_000 });
    return {
      store,
      size: async () => {
        const r = await admin.query<{ size: string }>(
          "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'",
          [schema],
        );
        return r.rows[0]?.size ?? '';
      },
      async dispose() {
        await store.close();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      },
    };
  },
};

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: BASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresSections: BenchSection[] = [
  {
    title: '5. Store: the same for PostgreSQL',
    async run() {
      const why = await reachable();
      if (why) console.log(`skipped: PostgreSQL at ${BASE_URL} is unreachable (${why})`);
      else await storeBench(postgresEngine);
    },
  },
];

if (!process.env.BENCH_IMPORTED && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await storeBench(postgresEngine);
}
