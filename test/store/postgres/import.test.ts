import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../../src/store/lowdb/index.js';
import { openPostgresStore } from '../../../src/store/postgres/index.js';
import { memoryLogger } from '../../helpers/bot.js';
import { ROOT } from '../../helpers/kb.js';
import { freshSchema, skipPostgres } from '../../helpers/postgres.js';
import { answerInput } from '../contract.js';

const run = promisify(execFile);
const skip = await skipPostgres();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const importCli = async (file: string, url: string) => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/db.ts'), 'import', file, '--json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, LOG_LEVEL: 'warn' },
  });
  return JSON.parse(stdout) as { read: Record<string, number>; inserted: Record<string, number> };
};

describe.skipIf(skip)('npm run db -- import: an embedded store into PostgreSQL', () => {
  it('imports every kind of record, twice with the same counts, and the bot reads the same figures', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'import-'));
    const { url, drop } = await freshSchema('imp');
    cleanups.push(drop, () => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'diagnose-bot.json');
    const { logger } = memoryLogger();

    const lowdb = await openLowdbStore(file, { logger });
    const a1 = await lowdb.recordAnswer(answerInput(1, { community: 'T1', sdkVersions: { python: '0.40.0' } }));
    const a2 = await lowdb.recordAnswer(
      answerInput(2, { community: 'G1', platform: 'discord', articleId: 'overloaded', fingerprintHash: 'f2' }),
    );
    await lowdb.recordAnswer(answerInput(3, { community: 'T1', shadow: true, trigger: 'shadow', channelId: 'CS' }));
    await lowdb.answerPosted(a1.id, 'R1');
    await lowdb.vote(a1.id, 'U1', 'up');
    await lowdb.vote(a1.id, 'U2', 'down', 'outdated');
    await lowdb.vote(a2.id, 'U1', 'down');
    await lowdb.recordGap({ fingerprintHash: 'g1', fingerprint: 'fp1', example: 'ex', community: 'T1' });
    await lowdb.recordGap({ fingerprintHash: 'g1', fingerprint: 'fp1', example: 'ex', community: 'T1' });
    await lowdb.setChannelMode('slack', 'C1', 'auto', 'Uadmin', 'T1');
    await lowdb.setCommunitySettings({ platform: 'slack', community: 'T1', supportGroup: 'S1', autoReplyChannels: ['C1'], by: 'Uadmin' });
    await lowdb.claim('slack:m:C1:1');
    await lowdb.recordClaudeUsage('U1', 100, 20);
    await lowdb.recordClaudeUsage('U2', 10, 5, true);
    const correction = {
      answerId: a1.id,
      platform: 'slack' as const,
      community: 'T1',
      fingerprintHash: 'abc',
      fromArticleId: 'prompt-too-long',
    };
    await lowdb.recordCorrection({ ...correction, toArticleId: 'other', by: 'UH' });
    const solved = { platform: 'discord' as const, community: 'G1', channelId: 'th', threadId: 'th', articleId: 'overloaded' };
    await lowdb.markSolved({ ...solved, answerId: a2.id, by: 'U1', via: 'reaction', archiveAt: 5, lock: true });
    const expected = {
      counts: await lowdb.counts(),
      articles: await lowdb.articleStats(),
      gaps: await lowdb.topGaps(),
      usage: await lowdb.claudeUsageToday(),
      t1: await lowdb.articleStats({ community: 'T1' }),
      shadow: await lowdb.shadowResults(),
      helpers: await lowdb.helperStats(),
      feedback: await lowdb.feedbackFor('abc', 'T1'),
      due: await lowdb.dueArchives(10),
    };
    await lowdb.close();

    const first = await importCli(file, url);
    expect(first.read).toEqual({
      answers: 3,
      votes: 3,
      gaps: 1,
      channels: 1,
      communities: 1,
      claims: 1,
      claudeUsage: 1,
      corrections: 1,
      solved: 1,
    });
    expect(first.inserted).toMatchObject({
      answers: 3,
      votes: 3,
      gaps: 1,
      channels: 1,
      communities: 1,
      claims: 1,
      corrections: 1,
      solved: 1,
    });
    const second = await importCli(file, url);
    expect(second.read).toEqual(first.read);
    expect(Object.values(second.inserted).every((n) => n === 0)).toBe(true);

    const pg = await openPostgresStore(url, { logger });
    try {
      expect(await pg.counts()).toEqual(expected.counts);
      expect(await pg.articleStats()).toEqual(expected.articles);
      expect(await pg.articleStats({ community: 'T1' })).toEqual(expected.t1);
      expect(await pg.shadowResults()).toEqual(expected.shadow);
      expect(await pg.topGaps()).toEqual(expected.gaps);
      expect(await pg.claudeUsageToday()).toEqual(expected.usage);
      expect(await pg.helperStats()).toEqual(expected.helpers);
      expect(await pg.feedbackFor('abc', 'T1')).toEqual(expected.feedback);
      expect(await pg.dueArchives(10)).toEqual(expected.due);
      expect(await pg.getAnswer(a1.id)).toMatchObject({ replyMessageId: 'R1', community: 'T1', sdkVersions: { python: '0.40.0' } });
      expect(await pg.claim('slack:m:C1:1')).toBe(false);
      expect(await pg.channelMode('slack', 'C1')).toBe('auto');
      expect(await pg.communitySettings('slack', 'T1')).toMatchObject({ supportGroup: 'S1', autoReplyChannels: ['C1'] });
    } finally {
      await pg.close();
    }
  });

  it('imports a file in the format of earlier versions, setting aside the records that do not validate', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'import-'));
    const { url, drop } = await freshSchema('imp1');
    cleanups.push(drop, () => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'diagnose-bot.json');
    const at = Date.now();
    const answer = { ...answerInput(1), id: 'old1', replyMessageId: 'R1', at };
    await writeFile(
      file,
      JSON.stringify({
        schema: 1,
        answers: [answer, null, { id: 'broken' }],
        votes: [{ answerId: 'old1', userId: 'U1', value: 'up', at }, null],
        gaps: { h: { fingerprintHash: 'h', fingerprint: 'f', count: 2, example: 'e', firstAt: at, lastAt: at } },
        channels: { 'slack:C1': { mode: 'shadow', by: 'U', at } },
        processed: { 'slack:m:C1:9': at },
        claudeUsage: [],
      }),
    );
    const counts = await importCli(file, url);
    expect(counts.read).toMatchObject({ answers: 1, votes: 1, gaps: 1, channels: 1, claims: 1 });
    const pg = await openPostgresStore(url, { logger: memoryLogger().logger });
    try {
      expect(await pg.counts()).toEqual({ answers: 1, votes: 1, gaps: 1, claims: 1 });
      expect(await pg.answerByReplyMessage('slack', 'C1', 'R1')).toMatchObject({ id: 'old1', community: '' });
      expect(await pg.channelMode('slack', 'C1')).toBe('shadow');
    } finally {
      await pg.close();
    }
  });

  it('says clearly when the file is missing or not a store', { timeout: 120_000 }, async () => {
    const { url, drop } = await freshSchema('imp2');
    cleanups.push(drop);
    await expect(importCli('/nonexistent/diagnose-bot.json', url)).rejects.toMatchObject({
      stderr: expect.stringMatching(/error: cannot import .*ENOENT/),
    });
    const dir = await mkdtemp(path.join(tmpdir(), 'import-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const notJson = path.join(dir, 'notes.txt');
    await writeFile(notJson, 'hello');
    await expect(importCli(notJson, url)).rejects.toMatchObject({ stderr: expect.stringMatching(/error: cannot import .*not JSON/) });
    await writeFile(notJson, '{"answers": []}');
    await expect(importCli(notJson, url)).rejects.toMatchObject({ stderr: expect.stringContaining('not a diagnose-bot data file') });
  });
});
