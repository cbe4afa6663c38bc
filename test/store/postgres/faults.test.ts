import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreWriteError } from '../../../src/store/contract.js';
import { openPostgresStore } from '../../../src/store/postgres/index.js';
import { memoryLogger } from '../../helpers/bot.js';
import { admin, freshDatabase, freshSchema, skipPostgres, terminateConnections } from '../../helpers/postgres.js';
import { answerInput } from '../contract.js';

/**
 * Connection loss without restarting the shared server (other test files use it): each test gets a
 * database of its own, and "the server restarted" is every connection to it terminated; "the database is
 * away" is that database refusing connections (ALLOW_CONNECTIONS false) until it is allowed again.
 */
const skip = await skipPostgres();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function openOnFreshDatabase(over: { statementTimeoutMs?: number } = {}) {
  const db = await freshDatabase('fault');
  const { logger, lines } = memoryLogger();
  const store = await openPostgresStore(db.url, { logger, ...over });
  cleanups.push(async () => {
    await store.close().catch(() => undefined);
    await admin((c) => c.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`));
    await db.drop();
  });
  return { ...db, store, lines };
}

describe.skipIf(skip)('PostgreSQL engine under connection faults', () => {
  it('connections terminated while votes stream in: the pool reconnects, no acknowledged vote is lost', { timeout: 60_000 }, async () => {
    const { name, url, store } = await openOnFreshDatabase();
    const answer = await store.recordAnswer(answerInput(1));
    const acknowledged = new Map<string, 'up' | 'down'>();
    const failed: unknown[] = [];
    let stop = false;
    const voter = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const user = `W${w}-${i % 40}`;
        const value = i % 3 === 0 ? 'down' : 'up';
        try {
          await store.vote(answer.id, user, value);
          acknowledged.set(user, value);
        } catch (err) {
          failed.push(err);
        }
      }
    };
    const voters = Array.from({ length: 6 }, (_, w) => voter(w));
    let terminated = 0;
    for (let k = 0; k < 8; k++) {
      await sleep(60);
      terminated += await terminateConnections(name);
    }
    stop = true;
    await Promise.all(voters);
    expect(terminated).toBeGreaterThan(0);
    expect(failed).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(0);
    const rows = await admin(
      (c) => c.query<{ user_id: string; value: string }>('SELECT user_id, value FROM votes WHERE answer_id = $1', [answer.id]),
      url,
    );
    const stored = new Map(rows.rows.map((r) => [r.user_id, r.value]));
    for (const [user, value] of acknowledged) expect(stored.get(user), user).toBe(value);
    expect(await store.health()).toMatchObject({ ok: true, writeErrors: 0 });
  });

  it('while the database is away: health says so, a write is refused and logged with what was lost; then it recovers by itself', {
    timeout: 60_000,
  }, async () => {
    const { name, store, lines } = await openOnFreshDatabase();
    const answer = await store.recordAnswer(answerInput(1));
    await admin((c) => c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`));
    await terminateConnections(name);

    const health = await store.health();
    expect(health).toMatchObject({ ok: false, engine: 'postgres' });
    expect(health.error).toMatch(/database unreachable/);
    await expect(store.vote(answer.id, 'U1', 'up')).rejects.toBeInstanceOf(StoreWriteError);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.what === 'vote');
    expect(logged).toMatchObject({ level: 50, lost: { answerId: answer.id, userId: 'U1', value: 'up' } });
    expect((await store.health()).writeErrors).toBe(1);

    await admin((c) => c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`));
    expect(await store.health()).toMatchObject({ ok: true });
    expect(await store.vote(answer.id, 'U1', 'up')).toEqual({ ok: true, previous: null });
  });

  it('statement_timeout bounds a query stuck behind a lock: the write fails, is logged, and nothing hangs', {
    timeout: 60_000,
  }, async () => {
    const { url, drop } = await freshSchema('timeout');
    const { logger, lines } = memoryLogger();
    const store = await openPostgresStore(url, { logger, statementTimeoutMs: 300 });
    cleanups.push(async () => {
      await store.close();
      await drop();
    });
    const answer = await store.recordAnswer(answerInput(1));
    await admin(async (c) => {
      await c.query('BEGIN');
      await c.query('LOCK TABLE votes IN ACCESS EXCLUSIVE MODE');
      const err = await store.vote(answer.id, 'U1', 'up').catch((e: Error) => e);
      await c.query('ROLLBACK');
      expect(err).toBeInstanceOf(StoreWriteError);
      expect(((err as Error).cause as { code?: string }).code).toBe('57014'); // query_canceled by statement_timeout
    }, url);
    expect(lines.some((l) => l.includes('"what":"vote"'))).toBe(true);
    expect(await store.vote(answer.id, 'U1', 'up')).toEqual({ ok: true, previous: null });
  });
});
