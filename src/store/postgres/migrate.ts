import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../../core/paths.js';
import type { Logger } from '../../observability/log.js';

/** `src/store/postgres/migrations/NNN-name.sql`, applied in order of NNN, each once. */
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'src', 'store', 'postgres', 'migrations');

export interface Migration {
  version: number;
  name: string;
  file: string;
  checksum: string;
  sql: string;
}

export interface MigrationStatus {
  schema: string;
  applied: Array<{ version: number; name: string; appliedAt: string }>;
  pending: Array<{ version: number; name: string }>;
  /** Applied migrations whose file changed since (a migration must never be edited once shipped). */
  changed: Array<{ version: number; name: string }>;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f)).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const sql = await readFile(path.join(dir, file), 'utf8');
    const version = Number.parseInt(file.slice(0, 3), 10);
    if (out.some((m) => m.version === version)) throw new Error(`two migrations numbered ${file.slice(0, 3)} in ${dir}`);
    out.push({ version, name: file.replace(/\.sql$/, ''), file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return out;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;

/**
 * Applies the pending migrations under a session advisory lock keyed by the schema, so any number of
 * instances starting at once migrate once: the first takes the lock and migrates, the others wait for it
 * and then find nothing to do. Each migration runs in its own transaction with its bookkeeping row.
 * Uses its own connection (not the pool) with a generous timeout: waiting for the lock is not a slow query.
 */
export async function migrate(url: string, logger: Logger, opts: { dir?: string; timeoutMs?: number } = {}): Promise<string[]> {
  const migrations = await readMigrations(opts.dir);
  return withLockedClient(url, opts.timeoutMs ?? 120_000, async (client, schema) => {
    await client.query(CREATE_TABLE);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration ${m.file} failed in schema ${schema}: ${(err as Error).message}`);
      }
      logger.info({ migration: m.name, schema }, 'applied database migration');
      applied.push(m.name);
    }
    return applied;
  });
}

export async function migrationStatus(url: string, dir?: string): Promise<MigrationStatus> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: url, statement_timeout: 10_000 });
  await client.connect();
  try {
    const schema = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
    const exists = (await client.query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'"))
      .rowCount;
    const rows = exists
      ? (
          await client.query<{ version: number; name: string; checksum: string; applied_at: Date }>(
            'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
          )
        ).rows
      : [];
    const byVersion = new Map(rows.map((r) => [r.version, r]));
    return {
      schema,
      applied: rows.map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at.toISOString() })),
      pending: migrations.filter((m) => !byVersion.has(m.version)).map(({ version, name }) => ({ version, name })),
      changed: migrations
        .filter((m) => byVersion.has(m.version) && byVersion.get(m.version)?.checksum !== m.checksum)
        .map(({ version, name }) => ({ version, name })),
    };
  } finally {
    await client.end();
  }
}

async function withLockedClient<T>(url: string, timeoutMs: number, fn: (client: pg.Client, schema: string) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, statement_timeout: timeoutMs, application_name: 'diagnose-bot migrate' });
  client.on('error', () => undefined); // surfaced by the failing query
  await client.connect();
  try {
    const schema = (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0]?.s;
    if (!schema) throw new Error('no schema to migrate: the search_path names no existing schema');
    await client.query("SELECT pg_advisory_lock(hashtext('diagnose-bot migrate ' || $1))", [schema]);
    try {
      return await fn(client, schema);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('diagnose-bot migrate ' || $1))", [schema]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
