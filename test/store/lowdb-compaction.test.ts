import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/store/lowdb/index.js';
import { segmentPath, WriteAheadLog } from '../../src/store/lowdb/wal.js';
import { memoryLogger } from '../helpers/bot.js';
import { answerInput } from './contract.js';

/**
 * Compaction by the worker thread (src/store/lowdb/offthread.ts): it rewrites the document from the
 * files while the store keeps writing. The kill test (kill.test.ts) SIGKILLs writers in the middle of
 * it; these check the pieces it relies on, one at a time.
 */
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tmpFile() {
  const dir = await mkdtemp(path.join(tmpdir(), 'lowdb-compact-'));
  dirs.push(dir);
  return { dir, file: path.join(dir, 'diagnose-bot.json') };
}

/** What a SIGKILL leaves: the files as they are now (no close, no last compaction), opened elsewhere. */
async function reopenCopy(dir: string) {
  const copy = await mkdtemp(path.join(tmpdir(), 'lowdb-compact-crash-'));
  dirs.push(copy);
  await cp(dir, copy, { recursive: true });
  await writeFile(path.join(copy, 'diagnose-bot.json.lock'), '999999');
  return openLowdbStore(path.join(copy, 'diagnose-bot.json'), { logger: memoryLogger().logger });
}

describe('lowdb engine: compaction by the worker thread', () => {
  it('writes the document start-up would rebuild, and removes only the segments it covers', async () => {
    const { dir, file } = await tmpFile();
    const { logger, lines } = memoryLogger();
    const store = await openLowdbStore(file, { logger, compactOffThreadAbove: 0, compactAfterBytes: 1e12 });
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await store.recordAnswer(answerInput(i)));
    for (let i = 0; i < 90; i++) await store.vote((answers[i % 30] as { id: string }).id, `U${i}`, i % 3 ? 'up' : 'down');
    await store.withdrawVote((answers[0] as { id: string }).id, 'U0', 'down');
    await store.answerPosted((answers[1] as { id: string }).id, 'R1');
    await store.setChannelMode('slack', 'C1', 'shadow', 'U1', 'T1');
    await store.recordGap({ fingerprint: 'gap', fingerprintHash: 'fp-gap', example: 'x', community: 'T1' });
    expect(await store.claim('slack:m:C1:1')).toBe(true);
    const before = structuredClone(store.records());
    expect(Object.keys(before.gaps)).toHaveLength(1);
    expect(Object.keys(before.channels)).toHaveLength(1);

    await store.compact();
    expect(store.compactions).toEqual({ memory: 0, worker: 1 });
    expect(lines.filter((l) => l.includes('could not compact'))).toEqual([]);
    // The covered segment is gone; the one new writes go to is there (empty).
    const segments = (await readdir(dir)).filter((f) => f.includes('.wal.'));
    expect(segments).toEqual([path.basename(segmentPath(file, store.currentSegment))]);
    expect((await stat(segmentPath(file, store.currentSegment))).size).toBe(0);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    expect(doc.answers).toHaveLength(30);
    expect(doc.votes).toHaveLength(89);

    const after = await reopenCopy(dir);
    expect(after.records()).toEqual(before);
    await after.close();
    await store.close();
  });

  it('writes made while the worker compacts land in the next segment and survive a crash', async () => {
    const { dir, file } = await tmpFile();
    const { logger } = memoryLogger();
    const store = await openLowdbStore(file, { logger, compactOffThreadAbove: 0, compactAfterBytes: 1e12 });
    const a = await store.recordAnswer(answerInput(1));
    for (let i = 0; i < 20; i++) await store.vote(a.id, `early${i}`, 'up');
    const compaction = store.compact();
    // The worker starts a thread and reads the files; these resolve (durable) while it does.
    const during: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) during.push(store.vote(a.id, `during${i}`, i % 2 ? 'up' : 'down'));
    during.push(store.claim('slack:m:C1:during'));
    await Promise.all(during);
    await compaction;
    expect(store.compactions.worker).toBe(1);
    const after = await reopenCopy(dir);
    expect((await after.counts()).votes).toBe(220);
    expect(await after.isClaimed('slack:m:C1:during')).toBe(true);
    await after.close();
    await store.close();
  });

  it('a failed worker compaction keeps every segment and the store keeps working', async () => {
    const { dir, file } = await tmpFile();
    const { logger, lines } = memoryLogger();
    const store = await openLowdbStore(file, { logger, compactOffThreadAbove: 0, compactAfterBytes: 1e12 });
    const a = await store.recordAnswer(answerInput(1));
    // A document the worker cannot read: it must give up, not move the file aside or drop the log.
    await writeFile(file, '{"schema":2,"answers":[');
    await store.compact();
    expect(store.compactions.worker).toBe(0);
    expect(lines.some((l) => l.includes('could not compact'))).toBe(true);
    expect((await readdir(dir)).some((f) => f.includes('.corrupt-'))).toBe(false);
    expect((await readdir(dir)).filter((f) => f.includes('.wal.')).length).toBe(2);
    await store.vote(a.id, 'U1', 'up');
    await writeFile(file, '{"schema":2,"answers":[]}');
    await store.compact();
    expect(store.compactions.worker).toBe(1);
    const after = await reopenCopy(dir);
    expect((await after.getAnswer(a.id))?.id).toBe(a.id);
    expect((await after.counts()).votes).toBe(1);
    await after.close();
    await store.close();
  });
});

describe('write-ahead log: rotation', () => {
  it('acknowledges every append made around a rotation, and writes nothing to a segment once returned', async () => {
    const { file } = await tmpFile();
    const wal = await WriteAheadLog.open(file, 0, { groupCommitMs: 0 });
    const entry = (i: number) => ({ t: 'p' as const, k: `k${i}`, at: i });
    const acks: Array<Promise<void> | undefined> = [];
    let rotation: Promise<{ closed: number; size: number }> | null = null;
    for (let i = 0; i < 400; i++) {
      acks.push(wal.append(entry(i), true));
      // Appends keep coming while the rotation opens the next segment and waits for the batch in flight.
      if (i === 150) rotation = wal.rotate().then(async (closed) => ({ closed, size: (await stat(segmentPath(file, closed))).size }));
      if (i % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(acks);
    const { closed, size } = await (rotation as unknown as Promise<{ closed: number; size: number }>);
    expect(closed).toBe(1);
    expect((await stat(segmentPath(file, closed))).size).toBe(size);
    await wal.close();
    const lines = [
      ...(await readFile(segmentPath(file, 1), 'utf8')).split('\n'),
      ...(await readFile(segmentPath(file, 2), 'utf8')).split('\n'),
    ].filter(Boolean);
    expect(new Set(lines.map((l) => JSON.parse(l).k)).size).toBe(400);
  });

  it('compact() asked while another compaction writes folds in the changes made before it was asked', async () => {
    for (const compactOffThreadAbove of [0, 1e9]) {
      const { dir, file } = await tmpFile();
      const { logger } = memoryLogger();
      const store = await openLowdbStore(file, { logger, compactOffThreadAbove, compactAfterBytes: 1e12 });
      for (let i = 0; i < 10; i++) await store.recordAnswer(answerInput(i));
      const first = store.compact();
      // Made durable while the first compaction is under way: they may fall after its log rotation.
      for (let i = 10; i < 25; i++) await store.recordAnswer(answerInput(i));
      await store.compact();
      await first;
      const doc = JSON.parse(await readFile(file, 'utf8'));
      expect(doc.answers).toHaveLength(25);
      expect((await readdir(dir)).filter((f) => f.includes('.wal.'))).toHaveLength(1);
      await store.close();
    }
  });
});
