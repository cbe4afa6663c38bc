import { describe, expect, it } from 'vitest';
import { feedbackWeight } from '../../src/core/feedback.js';
import type { Store } from '../../src/store/contract.js';
import type { NewAnswer } from '../../src/store/records.js';

/**
 * The engine-independent contract suite: every engine runs the same tests through `runStoreContract`
 * (see lowdb.contract.test.ts; the PostgreSQL engine has its own file calling this with its factory).
 */

export interface StoreHarness {
  store: Store;
  /** Closes the store and opens it again on the same data (a restart). */
  reopen(): Promise<Store>;
  /** Closes and removes everything the harness made. */
  dispose(): Promise<void>;
}

export interface Clock {
  now: () => number;
  advance(ms: number): void;
}

export type StoreFactory = (opts: { now: () => number; retentionDays?: number; maxAnswers?: number }) => Promise<StoreHarness>;

const DAY = 86_400_000;

export const answerInput = (i: number, over: Partial<NewAnswer> = {}): NewAnswer => ({
  platform: 'slack',
  channelId: 'C1',
  threadId: `t${i}`,
  sourceMessageId: `m${i}`,
  userId: 'U1',
  articleId: 'prompt-too-long',
  fingerprint: 'fp',
  fingerprintHash: 'abc',
  confidence: 0.9,
  trigger: 'auto',
  shadow: false,
  ...over,
});

function clock(start = Date.parse('2026-11-27T10:00:00Z')): Clock {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

export function runStoreContract(engine: string, factory: StoreFactory): void {
  async function open(over: { retentionDays?: number; maxAnswers?: number } = {}) {
    const c = clock();
    const h = await factory({ now: c.now, ...over });
    return { ...h, clock: c };
  }

  describe(`Store contract (${engine})`, () => {
    it('records answers, finds them by id, reply, thread and fingerprint, and keeps them across a restart', async () => {
      const h = await open();
      try {
        const a = await h.store.recordAnswer(answerInput(1, { community: 'T1', sdkVersions: { python: '0.40.0' }, requestIds: ['req_1'] }));
        expect(a).toMatchObject({ platform: 'slack', community: 'T1', replyMessageId: null, at: h.clock.now() });
        expect(a.id).toMatch(/\S{6,}/);
        await h.store.answerPosted(a.id, 'R1');
        expect(await h.store.answerByReplyMessage('slack', 'C1', 'R1')).toMatchObject({ id: a.id, replyMessageId: 'R1' });
        expect(await h.store.answerByReplyMessage('slack', 'C2', 'R1')).toBeUndefined();
        expect(await h.store.answeredThread('slack', 'C1', 't1')).toBe(true);
        expect(await h.store.answeredThread('discord', 'C1', 't1')).toBe(false);
        expect((await h.store.recentAnswer('slack', 'C1', 'abc', h.clock.now() - 1000))?.id).toBe(a.id);
        expect(await h.store.recentAnswer('slack', 'C1', 'abc', h.clock.now() + 1)).toBeUndefined();
        const shadow = await h.store.recordAnswer(answerInput(2, { shadow: true, trigger: 'shadow' }));
        expect(await h.store.answeredThread('slack', 'C1', 't2')).toBe(false);
        expect((await h.store.recentAnswer('slack', 'C1', 'abc', 0))?.id).toBe(a.id);
        const given = await h.store.recordAnswer(answerInput(3, { id: 'fixed-id' }));
        expect(given.id).toBe('fixed-id');

        const store = await h.reopen();
        expect(await store.getAnswer(a.id)).toMatchObject({ replyMessageId: 'R1', community: 'T1', sdkVersions: { python: '0.40.0' } });
        expect(await store.getAnswer(shadow.id)).toMatchObject({ shadow: true });
        expect(await store.answerByReplyMessage('slack', 'C1', 'R1')).toMatchObject({ id: a.id });
        expect(await store.answeredThread('slack', 'C1', 't1')).toBe(true);
        expect(await store.getAnswer('nope')).toBeUndefined();
      } finally {
        await h.dispose();
      }
    });

    it('one vote per person, changeable; reasons only with "down"; withdraw only the matching vote', async () => {
      const h = await open();
      try {
        const a = await h.store.recordAnswer(answerInput(1));
        expect(await h.store.vote(a.id, 'U1', 'up')).toEqual({ ok: true, previous: null });
        expect(await h.store.vote(a.id, 'U1', 'up')).toEqual({ ok: true, previous: 'up' });
        expect(await h.store.vote(a.id, 'U1', 'down')).toEqual({ ok: true, previous: 'up' });
        expect(await h.store.vote(a.id, 'U1', 'down', 'outdated')).toEqual({ ok: true, previous: 'down' });
        expect(await h.store.vote(a.id, 'U2', 'up', 'unclear')).toEqual({ ok: true, previous: null });
        expect(await h.store.vote('missing', 'U1', 'up')).toEqual({ ok: false, previous: null });
        let stats = await h.store.articleStats();
        expect(stats).toEqual([{ articleId: 'prompt-too-long', answers: 1, up: 1, down: 1, reasons: { outdated: 1 }, helpfulRate: 0.5 }]);
        expect(await h.store.withdrawVote(a.id, 'U2', 'down')).toBe(false);
        expect(await h.store.withdrawVote(a.id, 'U2', 'up')).toBe(true);
        expect(await h.store.withdrawVote(a.id, 'U2', 'up')).toBe(false);
        const store = await h.reopen();
        stats = await store.articleStats();
        expect(stats[0]).toMatchObject({ up: 0, down: 1, reasons: { outdated: 1 } });
        expect(await store.vote(a.id, 'U1', 'up')).toEqual({ ok: true, previous: 'down' });
        expect((await store.articleStats())[0]).toMatchObject({ up: 1, down: 0, reasons: {} });
      } finally {
        await h.dispose();
      }
    });

    it('many concurrent votes on one answer: every person counted once, last vote wins', async () => {
      const h = await open();
      try {
        const a = await h.store.recordAnswer(answerInput(1));
        await Promise.all(Array.from({ length: 60 }, (_, i) => h.store.vote(a.id, `V${i % 20}`, i < 40 ? 'down' : 'up')));
        expect((await h.store.articleStats())[0]).toMatchObject({ up: 20, down: 0 });
        expect((await h.store.counts()).votes).toBe(20);
      } finally {
        await h.dispose();
      }
    });

    it('feedback by fingerprint follows the article the answer shows now', async () => {
      const h = await open();
      try {
        const a = await h.store.recordAnswer(answerInput(1, { fingerprintHash: 'f1', articleId: 'first' }));
        for (const u of ['A', 'B', 'C']) await h.store.vote(a.id, u, 'down');
        expect(await h.store.feedbackFor('f1')).toEqual({ first: { up: 0, down: 3 } });
        expect(feedbackWeight(await h.store.feedbackFor('f1'), 'first', { signature: 0 })).toBeLessThan(1);
        await h.store.setAnswerArticle(a.id, 'second');
        expect(await h.store.feedbackFor('f1')).toEqual({ second: { up: 0, down: 3 } });
        expect(await h.store.feedbackFor('other')).toEqual({});
        const store = await h.reopen();
        expect((await store.getAnswer(a.id))?.articleId).toBe('second');
        expect(await store.feedbackFor('f1')).toEqual({ second: { up: 0, down: 3 } });
      } finally {
        await h.dispose();
      }
    });

    it('claims: exactly one of many racing callers wins, and the claim survives a restart', async () => {
      const h = await open();
      try {
        const results = await Promise.all(Array.from({ length: 25 }, () => h.store.claim('slack:m:C1:1')));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await h.store.isClaimed('slack:m:C1:1')).toBe(true);
        expect(await h.store.isClaimed('slack:m:C1:2')).toBe(false);
        expect(await h.store.claim('slack:d:Ev1', 'relaxed')).toBe(true);
        expect(await h.store.claim('slack:d:Ev1', 'relaxed')).toBe(false);
        const store = await h.reopen();
        expect(await store.claim('slack:m:C1:1')).toBe(false);
        expect(await store.isClaimed('slack:d:Ev1')).toBe(true);
      } finally {
        await h.dispose();
      }
    });

    it('gaps count per community and fingerprint, keep the first example cut short, and merge across communities', async () => {
      const h = await open();
      try {
        await h.store.recordGap({ fingerprintHash: 'g1', fingerprint: 'fp1', example: 'x'.repeat(2000), community: 'T1' });
        h.clock.advance(1000);
        await h.store.recordGap({ fingerprintHash: 'g1', fingerprint: 'fp1', example: 'second', community: 'T1' });
        await h.store.recordGap({ fingerprintHash: 'g1', fingerprint: 'fp1', example: 'other', community: 'T2' });
        await h.store.recordGap({ fingerprintHash: 'g2', fingerprint: 'fp2', example: 'two', community: 'T2' });
        const t1 = await h.store.topGaps(10, { community: 'T1' });
        expect(t1).toHaveLength(1);
        expect(t1[0]).toMatchObject({ fingerprintHash: 'g1', count: 2, community: 'T1' });
        expect(t1[0]?.example).toHaveLength(600);
        expect(t1[0]?.lastAt).toBeGreaterThan(t1[0]?.firstAt as number);
        const all = await h.store.topGaps(10);
        expect(all.map((g) => [g.fingerprintHash, g.count])).toEqual([
          ['g1', 3],
          ['g2', 1],
        ]);
        const store = await h.reopen();
        expect((await store.topGaps(1)).map((g) => g.count)).toEqual([3]);
      } finally {
        await h.dispose();
      }
    });

    it('lists only errors no article covers as gaps; likely matches and other vendors are kept apart, latest verdict wins', async () => {
      const h = await open();
      try {
        await h.store.recordGap({ fingerprintHash: 'u', fingerprint: 'fu', example: 'a', kind: 'uncovered', probableArticleId: null });
        await h.store.recordGap({
          fingerprintHash: 'p',
          fingerprint: 'fp',
          example: 'b',
          kind: 'uncertain',
          probableArticleId: 'overloaded-529',
        });
        await h.store.recordGap({ fingerprintHash: 'f', fingerprint: 'ff', example: 'c', kind: 'foreign', probableArticleId: null });
        await h.store.recordGap({ fingerprintHash: 'old', fingerprint: 'fo', example: 'd' });
        expect((await h.store.topGaps(10)).map((g) => g.fingerprintHash).sort()).toEqual(['old', 'u']);
        expect(await h.store.topGaps(10, { gapKinds: ['uncertain'] })).toMatchObject([
          { fingerprintHash: 'p', probableArticleId: 'overloaded-529' },
        ]);
        expect((await h.store.topGaps(10, { gapKinds: ['foreign', 'not-error'] })).map((g) => g.fingerprintHash)).toEqual(['f']);
        // The knowledge base changed: the same fingerprint is now a likely match, not a gap.
        await h.store.recordGap({
          fingerprintHash: 'u',
          fingerprint: 'fu',
          example: 'a',
          kind: 'uncertain',
          probableArticleId: 'x-article',
        });
        expect((await h.store.topGaps(10)).map((g) => g.fingerprintHash)).toEqual(['old']);
        const store = await h.reopen();
        expect((await store.topGaps(10, { gapKinds: ['uncertain'] })).map((g) => [g.fingerprintHash, g.count])).toEqual([
          ['u', 2],
          ['p', 1],
        ]);
      } finally {
        await h.dispose();
      }
    });

    it('channel modes and community settings are stored, scoped and kept', async () => {
      const h = await open();
      try {
        expect(await h.store.channelMode('slack', 'C1')).toBeUndefined();
        await h.store.setChannelMode('slack', 'C1', 'shadow', 'Uadmin', 'T1');
        await h.store.setChannelMode('discord', 'C1', 'auto', 'Uadmin', 'G1');
        await h.store.setChannelMode('slack', 'C1', 'auto', 'Uadmin2', 'T1');
        expect(await h.store.channelMode('slack', 'C1')).toBe('auto');
        expect(await h.store.channelMode('discord', 'C1')).toBe('auto');
        const rows = await h.store.listChannelSettings({ community: 'T1' });
        expect(rows).toEqual([
          { key: 'slack:C1', platform: 'slack', channelId: 'C1', mode: 'auto', by: 'Uadmin2', community: 'T1', at: h.clock.now() },
        ]);
        expect(await h.store.listChannelSettings()).toHaveLength(2);
        expect(await h.store.communitySettings('slack', 'T1')).toBeUndefined();
        const set = await h.store.setCommunitySettings({
          platform: 'slack',
          community: 'T1',
          supportGroup: 'S123',
          autoReplyChannels: ['C9'],
          by: 'U1',
        });
        expect(set).toMatchObject({ supportGroup: 'S123', autoReplyChannels: ['C9'], at: h.clock.now() });
        const store = await h.reopen();
        expect(await store.channelMode('slack', 'C1')).toBe('auto');
        expect(await store.communitySettings('slack', 'T1')).toMatchObject({ supportGroup: 'S123', autoReplyChannels: ['C9'] });
        expect(await store.communitySettings('discord', 'T1')).toBeUndefined();
      } finally {
        await h.dispose();
      }
    });

    it('the channel questions flag is off by default, kept across mode changes and reopening', async () => {
      const h = await open();
      try {
        expect(await h.store.channelQuestions('slack', 'C1')).toBe(false);
        await h.store.setChannelQuestions('slack', 'C1', true, 'Uadmin', 'shadow', 'T1');
        expect(await h.store.channelQuestions('slack', 'C1')).toBe(true);
        expect(await h.store.channelQuestions('discord', 'C1')).toBe(false);
        // A channel without its own setting takes the effective mode given; a later mode change keeps the flag.
        expect(await h.store.channelMode('slack', 'C1')).toBe('shadow');
        await h.store.setChannelMode('slack', 'C1', 'auto', 'Uadmin2', 'T1');
        expect(await h.store.channelQuestions('slack', 'C1')).toBe(true);
        // Turning questions on does not change an existing mode.
        await h.store.setChannelQuestions('slack', 'C1', true, 'Uadmin3', 'off');
        expect(await h.store.channelMode('slack', 'C1')).toBe('auto');
        expect(await h.store.listChannelSettings({ community: 'T1' })).toEqual([
          {
            key: 'slack:C1',
            platform: 'slack',
            channelId: 'C1',
            mode: 'auto',
            by: 'Uadmin3',
            community: 'T1',
            at: h.clock.now(),
            questions: true,
          },
        ]);
        await h.store.setChannelQuestions('discord', 'C2', true, 'Uadmin', 'auto', 'G1');
        await h.store.setChannelQuestions('discord', 'C2', false, 'Uadmin', 'auto', 'G1');
        const store = await h.reopen();
        expect(await store.channelQuestions('slack', 'C1')).toBe(true);
        expect(await store.channelMode('slack', 'C1')).toBe('auto');
        expect(await store.channelQuestions('discord', 'C2')).toBe(false);
        expect(await store.channelMode('discord', 'C2')).toBe('auto');
      } finally {
        await h.dispose();
      }
    });

    it('cooldowns and rate limits', async () => {
      const h = await open();
      try {
        const now = h.clock.now();
        expect(await h.store.cooldowns(['channel:slack:C1', 'user:slack:U1'])).toEqual({});
        await h.store.touchCooldowns(['channel:slack:C1', 'user:slack:U1'], now, 60_000);
        expect(await h.store.cooldowns(['channel:slack:C1', 'user:slack:U2'])).toEqual({ 'channel:slack:C1': now });
        await h.store.touchCooldowns(['channel:slack:C1'], now + 5, 60_000);
        expect(await h.store.cooldowns(['channel:slack:C1'])).toEqual({ 'channel:slack:C1': now + 5 });
        const takes = await Promise.all(Array.from({ length: 8 }, (_, i) => h.store.takeRate('explicit:slack:U1', now + i, 60_000, 6)));
        expect(takes.filter((t) => t.allowed)).toHaveLength(6);
        expect(takes.find((t) => !t.allowed)?.count).toBe(6);
        expect((await h.store.takeRate('explicit:slack:U1', now + 61_000, 60_000, 6)).allowed).toBe(true);
        expect((await h.store.takeRate('explicit:slack:U2', now, 60_000, 6)).allowed).toBe(true);
      } finally {
        await h.dispose();
      }
    });

    it('incident windows: sightings across channels within the window, one notice per channel', async () => {
      const h = await open();
      try {
        const t = h.clock.now();
        const w = 5 * 60_000;
        expect(await h.store.recordIncidentSighting('h1', 'slack:A', t, w)).toEqual({ sightings: 1, channels: 1 });
        expect(await h.store.recordIncidentSighting('h1', 'slack:A', t + 1, w)).toEqual({ sightings: 2, channels: 1 });
        expect(await h.store.recordIncidentSighting('h1', 'slack:B', t + 2, w)).toEqual({ sightings: 3, channels: 2 });
        expect(await h.store.recordIncidentSighting('h2', 'slack:B', t + 2, w)).toEqual({ sightings: 1, channels: 1 });
        expect(await h.store.recordIncidentSighting('h1', 'slack:C', t + w + 1, w)).toEqual({ sightings: 2, channels: 2 });
        const racing = await Promise.all([1, 2, 3].map(() => h.store.claimIncidentNotice('h1', 'slack:A', t, w)));
        expect(racing.filter(Boolean)).toHaveLength(1);
        expect(await h.store.claimIncidentNotice('h1', 'slack:B', t, w)).toBe(true);
        expect(await h.store.claimIncidentNotice('h1', 'slack:A', t + 10, w, true)).toBe(false);
        expect(await h.store.claimIncidentNotice('h1', 'slack:A', t + 10 + w - 1, w)).toBe(false);
        expect(await h.store.claimIncidentNotice('h1', 'slack:A', t + 10 + w, w)).toBe(true);
      } finally {
        await h.dispose();
      }
    });

    it('Claude usage per day and per user, kept across a restart', async () => {
      const h = await open();
      try {
        expect(await h.store.claudeUsageToday()).toMatchObject({ day: '2026-11-27', calls: 0, inputTokens: 0, byUser: {} });
        await h.store.recordClaudeUsage('U1', 100, 20);
        await Promise.all([h.store.recordClaudeUsage('U2', 10, 5, true), h.store.recordClaudeUsage('U1', 1, 1)]);
        expect(await h.store.claudeUsageToday()).toMatchObject({
          calls: 3,
          failures: 1,
          inputTokens: 111,
          outputTokens: 26,
          byUser: { U1: 122, U2: 15 },
        });
        h.clock.advance(DAY);
        expect(await h.store.claudeUsageToday()).toMatchObject({ day: '2026-11-28', calls: 0 });
        const store = await h.reopen();
        const days = await store.claudeUsageDays(7);
        expect(days.find((d) => d.day === '2026-11-27')).toMatchObject({ calls: 3, byUser: { U1: 122, U2: 15 } });
      } finally {
        await h.dispose();
      }
    });

    it('statistics: answers per day, shadow results and article stats, by community', async () => {
      const h = await open();
      try {
        const a1 = await h.store.recordAnswer(answerInput(1, { community: 'T1' }));
        await h.store.recordAnswer(answerInput(2, { community: 'T2', articleId: 'overloaded' }));
        const sh = await h.store.recordAnswer(answerInput(3, { community: 'T1', shadow: true, trigger: 'shadow', channelId: 'CS' }));
        await h.store.vote(a1.id, 'U1', 'up');
        await h.store.vote(sh.id, 'U1', 'down');
        h.clock.advance(DAY);
        await h.store.recordAnswer(answerInput(4, { community: 'T1' }));
        const perDay = await h.store.answersPerDay(3, { community: 'T1' });
        expect(perDay).toEqual([
          { day: '2026-11-26', answers: 0, shadow: 0 },
          { day: '2026-11-27', answers: 1, shadow: 1 },
          { day: '2026-11-28', answers: 1, shadow: 0 },
        ]);
        expect((await h.store.answersPerDay(3)).map((d) => d.answers)).toEqual([0, 2, 1]);
        expect(await h.store.shadowResults({ community: 'T1' })).toEqual([
          { platform: 'slack', channelId: 'CS', wouldAnswer: 1, up: 0, down: 1 },
        ]);
        expect(await h.store.shadowResults({ community: 'T2' })).toEqual([]);
        expect((await h.store.articleStats({ community: 'T1' })).map((s) => [s.articleId, s.answers, s.up])).toEqual([
          ['prompt-too-long', 2, 1],
        ]);
        expect((await h.store.articleStats()).map((s) => s.articleId)).toEqual(['prompt-too-long', 'overloaded']);
        expect(await h.store.communities()).toEqual(
          expect.arrayContaining([
            { platform: 'slack', community: 'T1' },
            { platform: 'slack', community: 'T2' },
          ]),
        );
        expect(await h.store.counts()).toMatchObject({ answers: 4, votes: 2 });
      } finally {
        await h.dispose();
      }
    });

    it('retention and the answer cap prune old answers with their votes', async () => {
      const h = await open({ retentionDays: 30, maxAnswers: 100 });
      try {
        const old = await h.store.recordAnswer(answerInput(0));
        await h.store.vote(old.id, 'U9', 'up');
        h.clock.advance(40 * DAY);
        for (let i = 1; i <= 150; i++) await h.store.recordAnswer(answerInput(i));
        await h.store.prune();
        expect((await h.store.counts()).answers).toBe(100);
        expect(await h.store.getAnswer(old.id)).toBeUndefined();
        expect((await h.store.counts()).votes).toBe(0);
        const store = await h.reopen();
        expect((await store.counts()).answers).toBe(100);
        expect(await store.getAnswer(old.id)).toBeUndefined();
      } finally {
        await h.dispose();
      }
    });

    it('reports health and flushes', async () => {
      const h = await open();
      try {
        await h.store.flush();
        expect(await h.store.health()).toMatchObject({ ok: true, engine: h.store.engine, writeErrors: 0 });
      } finally {
        await h.dispose();
      }
    });
  });
}
