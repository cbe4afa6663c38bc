import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, migrationStatus, readMigrations } from '../../../src/store/postgres/migrate.js';
import { memoryLogger } from '../../helpers/bot.js';
import { ROOT } from '../../helpers/kb.js';
import { admin, freshSchema, skipPostgres } from '../../helpers/postgres.js';

const run = promisify(execFile);
const skip = await skipPostgres();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe.skipIf(skip)('PostgreSQL migrations', () => {
  it('ten instances starting at once against a fresh schema migrate it exactly once', async () => {
    const { schema, url, drop } = await freshSchema('mig');
    cleanups.push(drop);
    const { logger, lines } = memoryLogger();
    const results = await Promise.all(Array.from({ length: 10 }, () => migrate(url, logger)));
    const all = (await readMigrations()).map((m) => m.name);
    expect(results.filter((r) => r.length > 0)).toEqual([all]);
    expect(results.filter((r) => r.length === 0)).toHaveLength(9);
    expect(lines.filter((l) => l.includes('applied database migration'))).toHaveLength(all.length);
    const tables = await admin((c) => c.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]));
    expect(tables.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(['answers', 'votes', 'claims', 'schema_migrations']));
    const status = await migrationStatus(url);
    expect(status).toMatchObject({ schema, pending: [], changed: [] });
    expect(status.applied.map((m) => m.name)).toEqual(all);
  });

  it('a failing migration leaves nothing half-applied and says which file failed', async () => {
    const { schema, url, drop } = await freshSchema('migbad');
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    cleanups.push(drop, () => rm(dir, { recursive: true, force: true }));
    await writeFile(path.join(dir, '001-good.sql'), 'CREATE TABLE one (id int);');
    await writeFile(path.join(dir, '002-bad.sql'), 'CREATE TABLE two (id int); SELECT no_such_function();');
    const { logger } = memoryLogger();
    await expect(migrate(url, logger, { dir })).rejects.toThrow(/002-bad\.sql failed in schema .*no_such_function/);
    const tables = await admin((c) => c.query('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [schema]));
    expect(tables.rows.map((r) => r.tablename)).toEqual(['one', 'schema_migrations']);
    expect((await migrationStatus(url, dir)).pending.map((m) => m.name)).toEqual(['002-bad']);
  });

  it('npm run db -- status and migrate report and apply', { timeout: 120_000 }, async () => {
    const { url, drop } = await freshSchema('migcli');
    cleanups.push(drop);
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/db.ts'), ...args, '--json'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, LOG_LEVEL: 'warn' },
      });
    const before = JSON.parse((await cli('status')).stdout);
    expect(before.pending.length).toBeGreaterThan(0);
    expect(JSON.parse((await cli('migrate')).stdout).applied).toEqual(before.pending.map((m: { name: string }) => m.name));
    expect(JSON.parse((await cli('status')).stdout).pending).toEqual([]);
    await expect(
      run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/db.ts'), 'status'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '' },
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('set DATABASE_URL'),
    });
    expect(MIGRATIONS_DIR.endsWith(path.join('src', 'store', 'postgres', 'migrations'))).toBe(true);
  });
});
