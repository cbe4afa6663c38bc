import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store, StoreLockedError } from '../../src/bot/store.js';
import { memoryLogger } from '../helpers/bot.js';

async function tmp() {
  return mkdtemp(path.join(tmpdir(), 'store-'));
}

const answer = (i: number, at?: number) => ({
  platform: 'slack' as const,
  channelId: 'C1',
  threadId: `t${i}`,
  sourceMessageId: `m${i}`,
  userId: 'U1',
  articleId: 'prompt-too-long',
  fingerprint: 'fp',
  fingerprintHash: 'abc',
  confidence: 0.9,
  trigger: 'auto' as const,
  shadow: false,
  ...(at ? {} : {}),
});

describe('store safety', () => {
  it.each([
    ['truncated JSON', '{"schema":1,"answers":[{"id":'],
    ['empty file', ''],
    ['garbage', 'hello world'],
    ['wrong shape', '{"foo": 1}'],
    ['null', 'null'],
  ])('moves a corrupt file aside (%s) and starts fresh, with a clear log line', async (_name, content) => {
    const dir = await tmp();
    const file = path.join(dir, 'db.json');
    await writeFile(file, content);
    const { logger, lines } = memoryLogger();
    const store = await Store.open(file, { logger });
    expect(store.data.answers).toEqual([]);
    const files = await readdir(dir);
    const aside = files.find((f) => f.startsWith('db.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(dir, aside as string), 'utf8')).toBe(content);
    expect(lines.some((l) => /moved it aside and started a fresh store/.test(l) && l.includes(aside as string))).toBe(true);
    store.recordAnswer(answer(1));
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8')).answers).toHaveLength(1);
  });

  it('writes atomically: the file on disk is always complete JSON and no temp file is left', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'db.json');
    const { logger } = memoryLogger();
    const store = await Store.open(file, { logger, writeDelayMs: 0 });
    for (let i = 0; i < 300; i++) {
      store.recordAnswer(answer(i));
      if (i % 50 === 0) {
        await store.flush();
        expect(() => JSON.parse(require('node:fs').readFileSync(file, 'utf8'))).not.toThrow();
      }
    }
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8')).answers).toHaveLength(300);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('one store per file per process, one process per data directory', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'db.json');
    const { logger } = memoryLogger();
    const a = await Store.open(file, { logger });
    const b = await Store.open(file, { logger });
    expect(a).toBe(b);
    // A live process holding the lock (our parent, which exists) keeps others out.
    await a.close();
    await writeFile(`${file}.lock`, String(process.ppid));
    await expect(Store.open(file, { logger })).rejects.toBeInstanceOf(StoreLockedError);
    // A stale lock (no such process) is taken over with a warning.
    await writeFile(`${file}.lock`, '999999');
    const c = await Store.open(file, { logger });
    await c.close();
  });

  it('stays bounded: retention and the answer cap prune old answers and their votes', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'db.json');
    const { logger } = memoryLogger();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = await Store.open(file, { logger, retentionDays: 30, maxAnswers: 100, now: () => now });
    const old = store.recordAnswer(answer(0));
    store.vote(old.id, 'U9', 'up');
    now += 40 * 86_400_000;
    for (let i = 1; i <= 150; i++) store.recordAnswer(answer(i));
    store.prune();
    expect(store.data.answers.length).toBe(100);
    expect(store.getAnswer(old.id)).toBeUndefined();
    expect(store.data.votes).toEqual([]);
    await store.close();
  });
});
