import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/contract.js';
import { openLowdbStore } from '../../src/store/lowdb/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { NewAnswer } from '../../src/store/records.js';
import { memoryLogger } from '../helpers/bot.js';
import { freshSchema, skipPostgres } from '../helpers/postgres.js';

/**
 * Answers a helper shared (trigger `push`) and private answers (`/diagnose private`) survive a restart on
 * both engines, and a private answer keeps its flag where the "answered earlier" check reads it.
 */

type Opened = { store: Store; reopen(): Promise<Store>; dispose(): Promise<void> };

async function lowdb(): Promise<Opened> {
  const dir = await mkdtemp(path.join(tmpdir(), 'helper-answers-'));
  const file = path.join(dir, 'diagnose-bot.json');
  const { logger } = memoryLogger();
  const h: Opened = {
    store: await openLowdbStore(file, { logger }),
    async reopen() {
      await h.store.close();
      h.store = await openLowdbStore(file, { logger });
      return h.store;
    },
    async dispose() {
      await h.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

async function postgres(): Promise<Opened> {
  const { url, drop } = await freshSchema('helper_answers');
  const { logger } = memoryLogger();
  const h: Opened = {
    store: await openPostgresStore(url, { logger }),
    async reopen() {
      await h.store.close();
      h.store = await openPostgresStore(url, { logger });
      return h.store;
    },
    async dispose() {
      await h.store.close();
      await drop();
    },
  };
  return h;
}

const answer = (over: Partial<NewAnswer>): NewAnswer => ({
  platform: 'slack',
  channelId: 'C1',
  threadId: '1700000000.000100',
  sourceMessageId: '1700000000.000100',
  userId: 'U1',
  articleId: 'prompt-too-long',
  fingerprint: 'f',
  fingerprintHash: 'h1',
  confidence: 0.9,
  trigger: 'command',
  shadow: false,
  ...over,
});

const skipPg = await skipPostgres();
for (const [engine, open] of [
  ['lowdb', lowdb],
  ['postgres', postgres],
] as const) {
  describe.skipIf(engine === 'postgres' && skipPg)(`helper and private answers (${engine})`, () => {
    it('a shared answer (trigger push) and a private one keep their kind across a restart', async () => {
      const h = await open();
      try {
        const shared = await h.store.recordAnswer(answer({ trigger: 'push', fingerprintHash: 'shared:prompt-too-long' }));
        const priv = await h.store.recordAnswer(answer({ private: true, sourceMessageId: 'private:trig.1' }));
        const store = await h.reopen();
        expect((await store.getAnswer(shared.id))?.trigger).toBe('push');
        expect((await store.getAnswer(priv.id))?.private).toBe(true);
        expect((await store.recentAnswer('slack', 'C1', 'h1', 0))?.private).toBe(true);
        expect((await store.vote(shared.id, 'U2', 'up')).ok).toBe(true);
      } finally {
        await h.dispose();
      }
    });
  });
}
