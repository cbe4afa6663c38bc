import { describe, expect, it } from 'vitest';
import { answerInput, type StoreFactory } from './contract.js';

/**
 * The dashboard's queries, the same on every engine: filters by time, place, article, fingerprint and
 * text; the playground left out on request; answers listed with their votes; gaps counted per place,
 * dismissed, linked and reopened, across a restart.
 */

const DAY = 86_400_000;

export function runDashboardContract(engine: string, factory: StoreFactory): void {
  async function open() {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const h = await factory({ now: () => now });
    return { ...h, advance: (ms: number) => (now += ms), now: () => now };
  }

  describe(`Store contract, dashboard queries (${engine})`, () => {
    it('filters answers by time, platform, channel, article, fingerprint and text; the playground apart on request', async () => {
      const h = await open();
      try {
        const start = h.now();
        const a1 = await h.store.recordAnswer(answerInput(1, { community: 'T1', example: 'prompt is too long: 208114 tokens' }));
        await h.store.recordAnswer(answerInput(2, { platform: 'discord', channelId: 'D1', community: 'G1', articleId: 'overloaded' }));
        await h.store.recordAnswer(answerInput(3, { platform: 'local', channelId: 'playground', fingerprintHash: 'loc' }));
        h.advance(2 * DAY);
        const a4 = await h.store.recordAnswer(answerInput(4, { community: 'T1', channelId: 'C2' }));
        await h.store.vote(a1.id, 'U1', 'up');
        await h.store.vote(a1.id, 'U2', 'down', 'outdated');
        await h.store.vote(a4.id, 'U1', 'down');

        const ids = async (f: Parameters<typeof h.store.listAnswers>[0]) => (await h.store.listAnswers(f)).map((a) => a.threadId);
        expect(await ids({})).toEqual(['t4', 't3', 't2', 't1']);
        expect(await ids({ excludePlayground: true })).toEqual(['t4', 't2', 't1']);
        expect(await ids({ platform: 'local' })).toEqual(['t3']);
        expect(await ids({ from: start + DAY })).toEqual(['t4']);
        expect(await ids({ to: start + DAY })).toEqual(['t3', 't2', 't1']);
        expect(await ids({ channel: 'C2' })).toEqual(['t4']);
        expect(await ids({ article: 'overloaded' })).toEqual(['t2']);
        expect(await ids({ fingerprint: 'loc' })).toEqual(['t3']);
        expect(await ids({ search: '208114 TOKENS' })).toEqual(['t1']);
        expect(await ids({ community: 'T1', channel: 'C1' })).toEqual(['t1']);
        expect(await h.store.listAnswers({}, 2)).toHaveLength(2);

        const [first] = await h.store.listAnswers({ search: '208114' });
        expect(first).toMatchObject({ id: a1.id, up: 1, down: 1, reasons: ['outdated'], example: 'prompt is too long: 208114 tokens' });

        const stats = async (f: Parameters<typeof h.store.articleStats>[0]) =>
          (await h.store.articleStats(f)).map((s) => [s.articleId, s.answers, s.up, s.down]);
        expect(await stats({})).toEqual([
          ['prompt-too-long', 3, 1, 2],
          ['overloaded', 1, 0, 0],
        ]);
        expect(await stats({ excludePlayground: true, channel: 'C1' })).toEqual([['prompt-too-long', 1, 1, 1]]);
        expect(await stats({ from: start + DAY })).toEqual([['prompt-too-long', 1, 0, 1]]);
        expect(await stats({ platform: 'discord' })).toEqual([['overloaded', 1, 0, 0]]);

        // The chart ends the day before `to` and counts only what the filter keeps.
        const perDay = await h.store.answersPerDay(3, { to: Date.parse('2026-11-28T00:00:00Z'), excludePlayground: true });
        expect(perDay).toEqual([
          { day: '2026-11-25', answers: 0, shadow: 0 },
          { day: '2026-11-26', answers: 0, shadow: 0 },
          { day: '2026-11-27', answers: 2, shadow: 0 },
        ]);
      } finally {
        await h.dispose();
      }
    });

    it('gaps count per place; the playground, a platform or a channel narrows the count; dismissed and linked gaps leave the list', async () => {
      const h = await open();
      try {
        const gap = { fingerprintHash: 'g1', fingerprint: 'frobnication', example: 'frobnication level 7' };
        await h.store.recordGap({ ...gap, community: 'T1', platform: 'slack', channelId: 'C1' });
        await h.store.recordGap({ ...gap, community: 'T1', platform: 'slack', channelId: 'C1' });
        await h.store.recordGap({ ...gap, platform: 'local', channelId: 'playground' });
        await h.store.recordGap({
          fingerprintHash: 'g2',
          fingerprint: 'only here',
          example: 'x',
          platform: 'local',
          channelId: 'playground',
        });
        await h.store.recordGap({ fingerprintHash: 'g3', fingerprint: 'legacy', example: 'y' });

        let store = h.store;
        const rows = async (f: Parameters<typeof store.topGaps>[1]) =>
          (await store.topGaps(10, f)).map((g) => [g.fingerprintHash, g.count]);
        expect(await rows({})).toEqual([
          ['g1', 3],
          ['g2', 1],
          ['g3', 1],
        ]);
        expect(await rows({ excludePlayground: true })).toEqual([
          ['g1', 2],
          ['g3', 1],
        ]);
        expect(await rows({ platform: 'local' })).toEqual([
          ['g1', 1],
          ['g2', 1],
        ]);
        expect(await rows({ channel: 'C1' })).toEqual([['g1', 2]]);
        expect(await rows({ search: 'LEVEL 7' })).toEqual([['g1', 3]]);
        expect(await rows({ from: h.now() + 1 })).toEqual([]);
        expect((await h.store.topGaps(10, { community: 'T1' }))[0]?.seen).toEqual({ 'slack:C1': 2 });

        expect(await h.store.resolveGap('g1', { action: 'linked', articleId: 'prompt-too-long', by: 'dashboard', at: h.now() })).toBe(2);
        expect(await h.store.resolveGap('nope', { action: 'dismissed', by: 'dashboard', at: h.now() })).toBe(0);
        await h.store.resolveGap('g2', { action: 'dismissed', by: 'dashboard', at: h.now() });
        store = await h.reopen();
        expect((await store.topGaps(10)).map((g) => g.fingerprintHash)).toEqual(['g3']);
        const resolved = await store.topGaps(10, { gapState: 'resolved' });
        expect(resolved.map((g) => [g.fingerprintHash, g.resolution?.action, g.resolution?.articleId])).toEqual([
          ['g1', 'linked', 'prompt-too-long'],
          ['g2', 'dismissed', undefined],
        ]);
        expect((await store.topGaps(10, { gapState: 'all', article: 'prompt-too-long' })).map((g) => g.fingerprintHash)).toEqual(['g1']);
        // A later sighting keeps the decision; reopening brings the gap back.
        await store.recordGap({ ...gap, community: 'T1', platform: 'slack', channelId: 'C1' });
        expect((await store.topGaps(10)).map((g) => g.fingerprintHash)).toEqual(['g3']);
        await store.resolveGap('g1', null);
        expect(await rows({})).toEqual([
          ['g1', 4],
          ['g3', 1],
        ]);
      } finally {
        await h.dispose();
      }
    });
  });
}
