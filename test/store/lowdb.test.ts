import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreLockedError, StoreWriteError } from '../../src/store/contract.js';
import { openLowdbStore } from '../../src/store/lowdb/index.js';
import { processStart } from '../../src/store/lowdb/lock.js';
import { segmentPath } from '../../src/store/lowdb/wal.js';
import { memoryLogger } from '../helpers/bot.js';
import { answerInput } from './contract.js';

async function tmpFile() {
  const dir = await mkdtemp(path.join(tmpdir(), 'lowdb-'));
  return { dir, file: path.join(dir, 'diagnose-bot.json') };
}

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('lowdb engine: nothing damaged stops the bot', () => {
  it.each([
    ['truncated JSON', '{"schema":1,"answers":[{"id":'],
    ['empty file', ''],
    ['garbage', 'hello world'],
    ['wrong shape', '{"foo": 1}'],
    ['null', 'null'],
  ])('moves a file that is not a document aside (%s) and starts fresh, with a clear log line', async (_name, content) => {
    const { dir, file } = await tmpFile();
    await writeFile(file, content);
    const { logger, lines } = memoryLogger();
    const store = await openLowdbStore(file, { logger });
    expect((await store.counts()).answers).toBe(0);
    const aside = (await readdir(dir)).find((f) => f.startsWith('diagnose-bot.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(dir, aside as string), 'utf8')).toBe(content);
    expect(lines.some((l) => /moved it aside and started a fresh store/.test(l) && l.includes(aside as string))).toBe(true);
    await store.recordAnswer(answerInput(1));
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8')).answers).toHaveLength(1);
  });

  it('sets aside bad records one by one (answers:[null], votes:[null], gaps:null, processed:null) and keeps the rest, start after start', async () => {
    const { dir, file } = await tmpFile();
    const good = { ...answerInput(1), id: 'good', at: Date.now(), replyMessageId: 'R1' };
    await writeFile(
      file,
      JSON.stringify({
        schema: 1,
        answers: [null, good, { id: 'no-fields' }],
        votes: [
          null,
          { answerId: 'good', userId: 'U1', value: 'up', at: Date.now() },
          { answerId: 'good', userId: 'U2', value: 'maybe', at: 1 },
        ],
        gaps: null,
        channels: { 'slack:C1': { mode: 'auto', by: 'U1', at: 1 }, 'slack:C2': { mode: 'loud', by: 'U1', at: 1 } },
        processed: null,
        claudeUsage: [{ day: 'yesterday' }],
      }),
    );
    for (let start = 0; start < 2; start++) {
      const { logger, lines } = memoryLogger();
      const store = await openLowdbStore(file, { logger });
      expect(await store.getAnswer('good')).toMatchObject({ replyMessageId: 'R1', community: '' });
      expect((await store.articleStats())[0]).toMatchObject({ up: 1 });
      expect(await store.channelMode('slack', 'C1')).toBe('auto');
      expect(await store.channelMode('slack', 'C2')).toBeUndefined();
      expect(await store.claim(`slack:m:C1:${start}`)).toBe(true);
      if (start === 0) {
        expect(await store.health()).toMatchObject({ ok: true, setAside: 8 });
        const line = lines.find((l) => l.includes('did not validate'));
        expect(line).toBeDefined();
        const { setAsideTo, counts } = JSON.parse(line as string);
        expect(counts).toEqual({ answers: 2, votes: 2, gaps: 1, channels: 1, processed: 1, claudeUsage: 1 });
        const rejected = JSON.parse(await readFile(setAsideTo, 'utf8'));
        expect(rejected.answers).toEqual([null, { id: 'no-fields' }]);
        expect(rejected.gaps).toEqual([null]);
      } else {
        // The document was rewritten from what validated: nothing left to set aside.
        expect(lines.some((l) => l.includes('did not validate'))).toBe(false);
      }
      await store.close();
    }
    expect((await readdir(dir)).filter((f) => f.includes('.rejected-'))).toHaveLength(1);
  });

  it('keeps fields it does not know (a newer version wrote them)', async () => {
    const { file } = await tmpFile();
    const { logger } = memoryLogger();
    let store = await openLowdbStore(file, { logger });
    await store.recordGap({ fingerprintHash: 'h', fingerprint: 'fp', example: 'x', reviewedBy: 'U1' });
    await store.close();
    store = await openLowdbStore(file, { logger });
    expect((await store.topGaps(1))[0]).toMatchObject({ reviewedBy: 'U1' });
    await store.close();
  });
});

describe('lowdb engine: durable before acknowledged', () => {
  it('a resolved write survives a crash: the log alone, copied mid-run without closing, restores it', async () => {
    const { dir, file } = await tmpFile();
    const { logger } = memoryLogger();
    const store = await openLowdbStore(file, { logger });
    cleanups.push(() => store.close());
    const a = await store.recordAnswer(answerInput(1));
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.vote(a.id, `U${i}`, i % 2 ? 'up' : 'down')));
    expect(await store.claim('slack:m:C1:9')).toBe(true);
    // What a SIGKILL leaves: the files as they are now, no close, no compaction.
    const copy = await mkdtemp(path.join(tmpdir(), 'lowdb-crash-'));
    await cp(dir, copy, { recursive: true });
    await writeFile(path.join(copy, 'diagnose-bot.json.lock'), '999999');
    const after = await openLowdbStore(path.join(copy, 'diagnose-bot.json'), { logger });
    expect((await after.getAnswer(a.id))?.id).toBe(a.id);
    expect((await after.counts()).votes).toBe(50);
    expect(await after.claim('slack:m:C1:9')).toBe(false);
    await after.close();
  });

  it('skips a half-written last log line and sets aside a bad line in the middle', async () => {
    const { dir, file } = await tmpFile();
    const { logger, lines } = memoryLogger();
    const good = { ...answerInput(1), id: 'a1', at: 1, replyMessageId: null, community: '' };
    await writeFile(
      segmentPath(file, 1),
      `${JSON.stringify({ t: 'a', r: good })}\n{"t":"v","r":{"answerId":null}}\n{"t":"p","k":"x","at":${Date.now()}}\n{"t":"v","r":{"ans`,
    );
    const store = await openLowdbStore(file, { logger, retentionDays: 100_000 });
    expect(await store.getAnswer('a1')).toBeDefined();
    expect(await store.isClaimed('x')).toBe(true);
    expect(lines.some((l) => l.includes('half-written last log entry'))).toBe(true);
    expect(lines.some((l) => l.includes('did not validate'))).toBe(true);
    await store.close();
    expect((await readdir(dir)).filter((f) => f.includes('.wal.')).length).toBeLessThanOrEqual(1);
  });

  it('compaction folds the log into the document and removes the segments it covers', async () => {
    const { dir, file } = await tmpFile();
    const { logger } = memoryLogger();
    const store = await openLowdbStore(file, { logger, compactAfterBytes: 2_000 });
    for (let i = 0; i < 40; i++) await store.recordAnswer(answerInput(i));
    await store.compact();
    const doc = JSON.parse(await readFile(file, 'utf8'));
    expect(doc.answers.length).toBeGreaterThanOrEqual(39);
    expect((await readdir(dir)).filter((f) => f.includes('.wal.')).length).toBe(1);
    await store.close();
    const again = await openLowdbStore(file, { logger });
    expect((await again.counts()).answers).toBe(40);
    await again.close();
  });
});

describe('lowdb engine: write failures are visible', () => {
  it('a full disk rejects writes, fails health and counts the error; nothing is acknowledged', async () => {
    const { file } = await tmpFile();
    const { logger, lines } = memoryLogger();
    let errors = 0;
    const store = await openLowdbStore(file, { logger, onWriteError: () => errors++ });
    const a = await store.recordAnswer(answerInput(1));
    // The next log segment is /dev/full: every write to it fails with ENOSPC, as on a full disk.
    await symlink('/dev/full', segmentPath(file, store.currentSegment + 1));
    await store.compact();
    await expect(store.vote(a.id, 'U1', 'up')).rejects.toBeInstanceOf(StoreWriteError);
    await expect(store.claim('slack:m:C1:1')).rejects.toBeInstanceOf(StoreWriteError);
    // A claim that could not be made durable is not held: a retry may try again.
    expect(await store.isClaimed('slack:m:C1:1')).toBe(false);
    expect(await store.health()).toMatchObject({ ok: false, writeErrors: 2 });
    expect((await store.health()).error).toMatch(/ENOSPC|no space/i);
    expect(errors).toBe(2);
    expect(lines.some((l) => l.includes('store write failed') && l.includes('"lost"'))).toBe(true);
    await store.close().catch(() => undefined);
  });
});

describe('lowdb engine: one process per data file', () => {
  it('one store per file per process; a live owner keeps others out; a gone owner is taken over', async () => {
    const { file } = await tmpFile();
    const { logger } = memoryLogger();
    const a = await openLowdbStore(file, { logger });
    expect(await openLowdbStore(file, { logger })).toBe(a);
    await a.close();
    // The older lock format (a bare pid) held by a live Node process (our parent).
    await writeFile(`${file}.lock`, String(process.ppid));
    await expect(openLowdbStore(file, { logger })).rejects.toBeInstanceOf(StoreLockedError);
    await writeFile(`${file}.lock`, JSON.stringify({ pid: process.ppid, started: await processStart(process.ppid) }));
    await expect(openLowdbStore(file, { logger })).rejects.toBeInstanceOf(StoreLockedError);
    await writeFile(`${file}.lock`, '999999');
    const c = await openLowdbStore(file, { logger });
    await c.close();
  });

  it('a stale lock whose pid now belongs to another process does not block start-up', async () => {
    const { file } = await tmpFile();
    const { logger, lines } = memoryLogger();
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    cleanups.push(() => other.kill('SIGKILL'));
    await new Promise((resolve) => other.once('spawn', resolve));
    const pid = other.pid as number;
    // The lock's owner started at another time: this pid was reused by `sleep`.
    await writeFile(`${file}.lock`, JSON.stringify({ pid, started: ((await processStart(pid)) ?? 0) - 1 }));
    const a = await openLowdbStore(file, { logger });
    await a.close();
    // The older format: a bare pid, now a process that is not Node.
    await writeFile(`${file}.lock`, String(pid));
    const b = await openLowdbStore(file, { logger });
    await b.close();
    expect(lines.filter((l) => l.includes('pid-reused'))).toHaveLength(2);
  });
});

describe('lowdb engine: the answer cap', () => {
  it('is kept as answers come, oldest first with their votes, without waiting for a prune', async () => {
    const { file } = await tmpFile();
    const { logger } = memoryLogger();
    const store = await openLowdbStore(file, { logger, maxAnswers: 50 });
    const first = await store.recordAnswer(answerInput(0));
    await store.vote(first.id, 'U1', 'up');
    const ids = [first.id];
    for (let i = 1; i < 60; i++) {
      ids.push((await store.recordAnswer(answerInput(i))).id);
      expect((await store.counts()).answers).toBe(Math.min(i + 1, 50));
    }
    expect(await store.getAnswer(first.id)).toBeUndefined();
    expect(await store.getAnswer(ids[9] as string)).toBeUndefined();
    expect((await store.getAnswer(ids[10] as string))?.id).toBe(ids[10]);
    expect((await store.counts()).votes).toBe(0);
    await store.close();
    const again = await openLowdbStore(file, { logger, maxAnswers: 50 });
    expect((await again.listAnswers(undefined, 100)).map((a) => a.id).sort()).toEqual(ids.slice(10).sort());
    await again.close();
  });
});
