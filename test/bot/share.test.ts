import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands.js';
import { articleLabel, resolveArticle, shareArticle, sharedAnswer, suggestArticles } from '../../src/bot/share.js';
import { renderDiscord, renderDiscordText } from '../../src/render/discord.js';
import { renderSlack, renderSlackFallbackText } from '../../src/render/slack.js';
import { botFixture } from '../helpers/bot.js';
import { storedRecords } from '../helpers/store.js';

let f: Awaited<ReturnType<typeof botFixture>>;
beforeAll(async () => {
  f = await botFixture();
});
afterAll(async () => {
  await f.store.close();
  await rm(f.dir, { recursive: true, force: true });
});

describe('/diagnose words for the helper flows', () => {
  it('`article <words>` asks for the picker, `private <paste>` a private answer; other pastes are unchanged', () => {
    expect(parseCommand('article bedrock access')).toEqual({ kind: 'article', query: 'bedrock access' });
    expect(parseCommand('Article')).toEqual({ kind: 'article', query: '' });
    expect(parseCommand('private  Error code: 400 -\n{…}')).toEqual({ kind: 'paste', text: 'Error code: 400 -\n{…}', private: true });
    expect(parseCommand('Error code: 400 private')).toEqual({ kind: 'paste', text: 'Error code: 400 private' });
  });
});

describe('sharing an article', () => {
  it('resolves what a helper typed: an exact id, else the best search hit, else nothing', () => {
    expect(resolveArticle(f.kb, 'overloaded-529')?.id).toBe('overloaded-529');
    expect(resolveArticle(f.kb, 'roles alternate')?.id).toBe('messages-roles-must-alternate');
    expect(resolveArticle(f.kb, '   ')).toBeNull();
  });

  it('suggests the diagnosis first for a pasted error, without repeats, within the limit', () => {
    const paste = `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 203441 tokens > 200000 maximum'}}`;
    const ids = suggestArticles(f.kb, paste, 25).map((a) => a.id);
    expect(ids[0]).toBe('prompt-too-long');
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(ids.length);
    // An empty message still offers something to pick from.
    expect(suggestArticles(f.kb, '', 10)).toHaveLength(10);
  });

  it('labels fit the pickers (Discord 100, Slack 75 characters)', () => {
    for (const a of f.kb.articles) {
      expect(articleLabel(a, 100).length).toBeLessThanOrEqual(100);
      expect(articleLabel(a, 75).length).toBeLessThanOrEqual(75);
    }
  });

  it('records the shared answer before it is posted (trigger push, the helper as its user); an unknown id records nothing', async () => {
    const r = await shareArticle(
      { kb: f.kb, store: f.store },
      {
        platform: 'discord',
        channelId: 'C1',
        threadId: 'T1',
        sourceMessageId: 'M1',
        userId: '140000000000000123',
        articleId: 'overloaded-529',
      },
    );
    if (!r.ok) throw new Error(r.text);
    expect(storedRecords(f.store).answers.find((a) => a.id === r.recordId)).toMatchObject({
      trigger: 'push',
      articleId: 'overloaded-529',
      userId: '140000000000000123',
      threadId: 'T1',
    });
    expect(r.answer).toMatchObject({ id: r.recordId, kind: 'shared', feedback: true, sharedBy: '140000000000000123' });
    const before = storedRecords(f.store).answers.length;
    const bad = await shareArticle(
      { kb: f.kb, store: f.store },
      { platform: 'slack', channelId: 'C1', threadId: '', sourceMessageId: 'x', userId: 'U1', articleId: 'no-such-article' },
    );
    expect(bad.ok).toBe(false);
    expect(storedRecords(f.store).answers).toHaveLength(before);
  });

  it('a vote on a shared answer counts', async () => {
    const r = await shareArticle(
      { kb: f.kb, store: f.store },
      { platform: 'slack', channelId: 'C2', threadId: '', sourceMessageId: 'x', userId: 'UHELP', articleId: 'prompt-too-long' },
    );
    if (!r.ok) throw new Error(r.text);
    expect((await f.core.vote('slack', r.recordId, 'UASK', 'up')).ok).toBe(true);
  });
});

describe('"shared by" in the renderers', () => {
  const article = () => {
    const a = f.kb.byId.get('overloaded-529');
    if (!a) throw new Error('article missing');
    return a;
  };

  it('Discord shows the helper as a mention that pings nobody; only a user id is ever shown', () => {
    const r = renderDiscord(sharedAnswer(article(), { id: 'a1', userId: '140000000000000123' }));
    expect(r.content).toBe('📌 Shared by <@140000000000000123>');
    expect(r.allowed_mentions).toEqual({ parse: [] });
    expect(r.components[0]?.components.map((c) => c.custom_id)).toEqual([
      'fb:up:a1',
      'fb:down:a1',
      'fb:human:a1',
      'hx:solved:a1',
      'hx:correct:a1',
    ]);
    expect(renderDiscordText(sharedAnswer(article(), { id: 'a1', userId: '140000000000000123' }))).toContain(
      'Shared by <@140000000000000123>',
    );
    expect(renderDiscord(sharedAnswer(article(), { id: 'a1', userId: '@everyone' })).content).toBeUndefined();
  });

  it('Slack names the helper in a context line, keeps the vote buttons, and never a crafted mention', () => {
    const r = renderSlack(sharedAnswer(article(), { id: 'a2', userId: 'UHELPER1' }));
    expect(JSON.stringify(r.blocks[1])).toContain('Shared by <@UHELPER1>');
    expect(r.blocks.at(-1)).toMatchObject({ type: 'actions', block_id: 'feedback:a2' });
    expect(renderSlackFallbackText(sharedAnswer(article(), { id: 'a2', userId: 'UHELPER1' }))).toContain('Shared by <@UHELPER1>');
    expect(JSON.stringify(renderSlack(sharedAnswer(article(), { id: 'a2', userId: '!channel' })).blocks)).not.toContain('Shared by');
  });
});
