import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/app.js';
import { admin, freshDatabase, skipPostgres, terminateConnections } from '../../helpers/postgres.js';
import { PASTES } from '../../platforms/slack/harness.js';

/**
 * The real app on PostgreSQL while its database connections are cut (what a server restart does) and
 * while the database refuses connections: readiness says so, nothing acknowledged is lost, and the app
 * recovers without a restart.
 */
const skip = await skipPostgres();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function appOnFreshDatabase() {
  const db = await freshDatabase('appfault');
  cleanups.push(async () => {
    await admin((c) => c.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`));
    await db.drop();
  });
  const started = await startTestApp({
    DATABASE_URL: db.url,
    CHANNEL_COOLDOWN_SECONDS: '0',
    USER_COOLDOWN_SECONDS: '0',
    DUPLICATE_WINDOW_MINUTES: '0',
  });
  cleanups.push(() => started.app.stop('test'));
  const post = (route: string, body: unknown, uid: string) =>
    fetch(`${started.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `uid=${uid}` },
      body: JSON.stringify(body),
    });
  const ask = async (uid: string) => {
    const res = await post('/api/messages', { text: PASTES.promptTooLong }, uid);
    if (res.status !== 200) return null;
    const json = (await res.json()) as { thread: { posts: Array<{ answerId: string | null }> } };
    return json.thread.posts.find((p) => p.answerId)?.answerId ?? null;
  };
  return { ...db, ...started, post, ask };
}

describe.skipIf(skip)('the app on PostgreSQL under database faults', () => {
  it('connections cut while answers and votes arrive: the app reconnects by itself and every acknowledged one is stored', {
    timeout: 90_000,
  }, async () => {
    const app = await appOnFreshDatabase();
    const first = await app.ask('asker-0');
    expect(first).toBeTruthy();
    const answers = new Set<string>([first as string]);
    const votes = new Map<string, string>();
    let stop = false;
    const voter = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const answerId = [...answers][i % answers.size] as string;
        const uid = `voter-${w}-${i}`;
        const res = await app.post('/api/votes', { answerId, value: 'up' }, uid).catch(() => null);
        if (res?.status === 200) votes.set(uid, answerId);
      }
    };
    const asker = async () => {
      for (let i = 1; !stop; i++) {
        const id = await app.ask(`asker-${i}`).catch(() => null);
        if (id) answers.add(id);
      }
    };
    const work = [asker(), ...[0, 1, 2, 3].map(voter)];
    for (let k = 0; k < 6; k++) {
      await sleep(150);
      await terminateConnections(app.name);
    }
    stop = true;
    await Promise.all(work);
    expect(votes.size).toBeGreaterThan(0);
    const check = await admin(async (c) => {
      const v = await c.query<{ user_id: string; answer_id: string }>('SELECT user_id, answer_id FROM votes');
      const a = await c.query<{ id: string }>('SELECT id FROM answers');
      return { votes: new Map(v.rows.map((r) => [r.user_id, r.answer_id])), answers: new Set(a.rows.map((r) => r.id)) };
    }, app.config.DATABASE_URL);
    expect([...votes].filter(([uid, answerId]) => check.votes.get(uid) !== answerId)).toEqual([]);
    expect([...answers].filter((id) => !check.answers.has(id))).toEqual([]);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('database away: /healthz is 503 and names the store, a vote is refused (not acknowledged); back again without a restart', {
    timeout: 90_000,
  }, async () => {
    const app = await appOnFreshDatabase();
    const answerId = await app.ask('asker');
    expect(answerId).toBeTruthy();
    await admin((c) => c.query(`ALTER DATABASE ${app.name} WITH ALLOW_CONNECTIONS false`));
    await terminateConnections(app.name);

    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { ready: boolean; store: { ok: boolean; engine: string; error?: string } };
    expect(body.store).toMatchObject({ ok: false, engine: 'postgres' });
    expect(body.store.error).toMatch(/database unreachable/);
    const refused = await app.post('/api/votes', { answerId, value: 'up' }, 'voter-away');
    expect(refused.status).not.toBe(200);
    expect(app.logs.some((l) => l.includes('store write failed') && l.includes('voter-away'))).toBe(true);

    await admin((c) => c.query(`ALTER DATABASE ${app.name} WITH ALLOW_CONNECTIONS true`));
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await app.post('/api/votes', { answerId, value: 'up' }, 'voter-back')).status).toBe(200);
  });
});
