import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests: the server every development and CI machine runs on 127.0.0.1:5432 (trust auth,
 * database `test`), shared with other test files, so each test works in a schema or database of its own
 * and drops it afterwards. Under CI=true an unreachable server fails the run; locally the tests skip with
 * a message.
 */
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<string | null> | undefined;

/** null when the server answers, else why not. */
export function pgUnavailable(): Promise<string | null> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (err) {
      return `PostgreSQL at ${PG_ADMIN_URL} is unreachable (${(err as Error).message})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** For `describe.skipIf(...)`: throws under CI (the PostgreSQL tests are never skipped there). */
export async function skipPostgres(): Promise<boolean> {
  const why = await pgUnavailable();
  if (!why) return false;
  if (process.env.CI && process.env.CI !== 'false') throw new Error(`${why}: the PostgreSQL tests must run in CI`);
  process.stderr.write(`skipping PostgreSQL tests: ${why} (start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start)\n`);
  return true;
}

export async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = PG_ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const uniqueName = (prefix: string): string => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** URL with the search_path set to `schema`, so the store's tables go there. */
export function urlWithSchema(schema: string, base = PG_ADMIN_URL): string {
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** A fresh schema in the shared test database. */
export async function freshSchema(prefix = 't'): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const schema = uniqueName(prefix);
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  return {
    schema,
    url: urlWithSchema(schema),
    drop: () => admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

/** A fresh database (for tests that must cut every connection to it without touching anyone else's). */
export async function freshDatabase(prefix = 'tdb'): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = uniqueName(prefix);
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Ends every server connection to `database` (what a server restart does to its clients). */
export function terminateConnections(database: string): Promise<number> {
  return admin(async (c) => {
    const r = await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      database,
    ]);
    return r.rowCount ?? 0;
  });
}
