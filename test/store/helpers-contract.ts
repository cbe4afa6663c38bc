import { describe, expect, it } from 'vitest';
import { answerInput, type StoreFactory } from './contract.js';

/**
 * The contract for what helpers and askers do through the bot (votes that count for ranking,
 * corrections, solved marks and their archive schedule), run against both engines like contract.ts.
 */
export function runHelperContract(engine: string, factory: StoreFactory): void {
  async function open() {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const h = await factory({ now: () => now });
    return { ...h, advance: (ms: number) => (now += ms), now: () => now };
  }

  describe(`Store contract: helpers (${engine})`, () => {
    it('feedback counts each platform voter once per article, per community; the local page does not count', async () => {
      const h = await open();
      try {
        const s = h.store;
        const a1 = await s.recordAnswer(answerInput(1, { community: 'T1', fingerprintHash: 'f', articleId: 'x' }));
        const a2 = await s.recordAnswer(answerInput(2, { community: 'T1', fingerprintHash: 'f', articleId: 'x' }));
        const other = await s.recordAnswer(answerInput(3, { community: 'T2', fingerprintHash: 'f', articleId: 'x' }));
        const local = await s.recordAnswer(answerInput(4, { platform: 'local', fingerprintHash: 'f', articleId: 'x' }));
        // One person voting down on two answers is one voter; another votes up.
        await s.vote(a1.id, 'U1', 'down');
        await s.vote(a2.id, 'U1', 'down');
        await s.vote(a1.id, 'U2', 'up');
        await s.vote(other.id, 'U3', 'down');
        for (const anon of ['anon-1', 'anon-2', 'anon-3']) await s.vote(local.id, anon, 'down');
        expect(await s.feedbackFor('f', 'T1')).toEqual({ x: { up: 1, down: 1 } });
        expect(await s.feedbackFor('f', 'T2')).toEqual({ x: { up: 0, down: 1 } });
        expect(await s.feedbackFor('f', '')).toEqual({});
        // Someone up on one answer and down on another is net neither.
        await s.vote(a2.id, 'U2', 'down');
        expect(await s.feedbackFor('f', 'T1')).toEqual({ x: { up: 0, down: 1 } });
        const reopened = await h.reopen();
        expect(await reopened.feedbackFor('f', 'T1')).toEqual({ x: { up: 0, down: 1 } });
      } finally {
        await h.dispose();
      }
    });

    it('corrections: one per helper per answer, counted from and to per community, by pair in the statistics', async () => {
      const h = await open();
      try {
        const s = h.store;
        const a = await s.recordAnswer(answerInput(1, { community: 'T1', fingerprintHash: 'f', articleId: 'wrong' }));
        const base = { answerId: a.id, platform: 'slack' as const, community: 'T1', fingerprintHash: 'f', fromArticleId: 'wrong' };
        const c = await s.recordCorrection({ ...base, toArticleId: 'maybe', by: 'H1' });
        expect(c).toMatchObject({ toArticleId: 'maybe', by: 'H1', community: 'T1', at: h.now() });
        await s.recordCorrection({ ...base, toArticleId: 'right', by: 'H1' });
        await s.recordCorrection({ ...base, toArticleId: 'right', by: 'H2' });
        expect(await s.feedbackFor('f', 'T1')).toEqual({
          wrong: { up: 0, down: 0, correctedFrom: 2 },
          right: { up: 0, down: 0, correctedTo: 2 },
        });
        expect(await s.feedbackFor('f', 'T9')).toEqual({});
        expect((await s.helperStats()).corrections).toEqual([{ fromArticleId: 'wrong', toArticleId: 'right', count: 2 }]);
        expect((await s.helperStats({ community: 'T9' })).corrections).toEqual([]);
        const reopened = await h.reopen();
        expect((await reopened.feedbackFor('f', 'T1')).right).toMatchObject({ correctedTo: 2 });
      } finally {
        await h.dispose();
      }
    });

    it('solved: the first mark stays, unknown answers are refused, the archive schedule survives a restart', async () => {
      const h = await open();
      try {
        const s = h.store;
        const a = await s.recordAnswer(answerInput(1, { community: 'G1', platform: 'discord', articleId: 'art' }));
        const b = await s.recordAnswer(answerInput(2, { community: 'G2', platform: 'discord', articleId: 'art' }));
        const mark = (answerId: string, by: string, archiveAt: number | null) =>
          s.markSolved({
            answerId,
            platform: 'discord',
            community: answerId === a.id ? 'G1' : 'G2',
            channelId: 'th',
            threadId: 'th',
            articleId: 'art',
            by,
            via: 'button',
            archiveAt,
            lock: true,
          });
        expect(await mark('nope', 'U1', null)).toEqual({ ok: false, first: false });
        const first = await mark(a.id, 'U1', h.now() + 60_000);
        expect(first).toMatchObject({ ok: true, first: true, record: { by: 'U1', archivedAt: null, lock: true } });
        const again = await mark(a.id, 'U2', null);
        expect(again).toMatchObject({ ok: true, first: false, record: { by: 'U1' } });
        await mark(b.id, 'U3', null);
        expect(await s.dueArchives(h.now())).toEqual([]);
        h.advance(60_000);
        const reopened = await h.reopen();
        const due = await reopened.dueArchives(h.now());
        expect(due.map((d) => d.answerId)).toEqual([a.id]);
        await reopened.archiveDone(a.id, h.now());
        expect(await reopened.dueArchives(h.now() + 1)).toEqual([]);
        expect((await reopened.solvedFor(a.id))?.archivedAt).toBe(h.now());
        expect((await reopened.helperStats()).solved).toEqual([{ articleId: 'art', solved: 2 }]);
        expect((await reopened.helperStats({ community: 'G2' })).solved).toEqual([{ articleId: 'art', solved: 1 }]);
      } finally {
        await h.dispose();
      }
    });
  });
}
