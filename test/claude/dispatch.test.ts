import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import type { Answer } from '../../src/bot/answer.js';
import type { ReplyTarget } from '../../src/bot/core.js';
import { dispatch, type ReplySink } from '../../src/bot/dispatch.js';
import { ClaudeEnricher } from '../../src/claude/enricher.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/observability/log.js';
import { renderAnswerPlain } from '../../src/render/plain.js';
import { type FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic.js';
import { PASTES } from '../helpers/bot.js';
import { callCount, claudeFixture, claudeLogs, longTraceback, SUMMARY_STRUCTURED } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

type SinkEvent =
  | { op: 'post'; target: ReplyTarget; answer: Answer; claudeRequestsSoFar: number }
  | { op: 'update'; target: ReplyTarget; messageId: string; answer: Answer }
  | { op: 'ephemeral'; text: string }
  | { op: 'handoff'; text: string };

/** A ReplySink that records what a platform adapter would have been asked to do, in order. */
function recordingSink(fake: FakeAnthropic): { sink: ReplySink; events: SinkEvent[] } {
  const events: SinkEvent[] = [];
  let n = 0;
  const sink: ReplySink = {
    async postAnswer(target, answer) {
      events.push({ op: 'post', target, answer: structuredClone(answer), claudeRequestsSoFar: fake.requests.length });
      return `M${++n}`;
    },
    async updateAnswer(target, messageId, answer) {
      events.push({ op: 'update', target, messageId, answer: structuredClone(answer) });
    },
    async postEphemeral(action) {
      events.push({ op: 'ephemeral', text: action.text });
    },
    async postHandoff(_target, text) {
      events.push({ op: 'handoff', text });
    },
  };
  return { sink, events };
}

describe('end to end through dispatch()', () => {
  it('posts the knowledge-base answer first, then edits in the Claude summary (a stand-in that follows the requested schema)', async () => {
    const f = await claudeFixture();
    cleanups.push(() => f.fake.close());
    f.fake.respond = () => SUMMARY_STRUCTURED;
    const { sink, events } = recordingSink(f.fake);
    const decision = await f.core.handleMessage(f.msg({ text: longTraceback(), userId: 'U-PASTER' }));
    const result = await dispatch(decision, sink, {
      core: f.core,
      logger: f.logger,
      enricher: f.enricher,
      userId: 'U-PASTER',
      explicit: false,
    });

    expect(result.failures).toBe(0);
    expect(events.map((e) => e.op)).toEqual(['ephemeral', 'post', 'update']); // the secret warning, the answer, the edit
    const [, post, update] = events as [SinkEvent, Extract<SinkEvent, { op: 'post' }>, Extract<SinkEvent, { op: 'update' }>];
    expect(post.claudeRequestsSoFar).toBe(0); // nothing waited for Claude before the first post
    expect(post.answer).toMatchObject({ articleId: 'prompt-too-long', summary: null });
    expect(update.messageId).toBe('M1');
    expect(update.target).toEqual(post.target);
    expect(update.answer).toMatchObject({ articleId: 'prompt-too-long', id: post.answer.id });
    expect(update.answer.summary).toContain('prompt is too long');
    const text = renderAnswerPlain(update.answer);
    expect(text).toContain('Summary (by Claude)');
    expect(text.indexOf('Summary (by Claude)')).toBeLessThan(text.indexOf(post.answer.fix.split('\n')[0]!));
    expect((await f.store.getAnswer(post.answer.id))?.replyMessageId).toBe('M1');
    expect(f.fake.requests[0]!.body.output_config.format).toMatchObject({ type: 'json_schema', schema: { type: 'object' } });
    expect(f.fake.schemaErrors).toEqual([]);
  });

  it('a stand-in that answers out of schema (prose) leaves the knowledge-base answer, with a log line saying why', async () => {
    const f = await claudeFixture();
    cleanups.push(() => f.fake.close());
    f.fake.respond = () => ({ kind: 'ok', text: 'Sure! The prompt was too long, so trim it and try again.' });
    const { sink, events } = recordingSink(f.fake);
    const decision = await f.core.handleMessage(f.msg({ text: longTraceback({ secrets: false }), userId: 'U1' }));
    const result = await dispatch(decision, sink, { core: f.core, logger: f.logger, enricher: f.enricher, userId: 'U1', explicit: false });
    expect(result.failures).toBe(0);
    expect(events.map((e) => e.op)).toEqual(['post']);
    const [log] = claudeLogs(f.lines);
    expect(log).toMatchObject({ outcome: 'invalid_output', level: 40 });
    expect(log.reason).toMatch(/JSON/);
    expect(log.msg).toMatch(/not in the requested schema .*the knowledge-base answer stands/);
  });

  it('when Claude is overloaded, the knowledge-base answer is posted and left alone', async () => {
    const f = await claudeFixture({ timeoutMs: 600 });
    cleanups.push(() => f.fake.close());
    f.fake.respond = () => ({ kind: 'error', status: 529, type: 'overloaded_error' });
    const { sink, events } = recordingSink(f.fake);
    const decision = await f.core.handleMessage(f.msg({ text: longTraceback({ secrets: false }) }));
    const result = await dispatch(decision, sink, { core: f.core, logger: f.logger, enricher: f.enricher, userId: 'U1', explicit: false });
    expect(result.failures).toBe(0);
    expect(events.map((e) => e.op)).toEqual(['post']);
    expect(await callCount(f.metrics, { outcome: 'overloaded' })).toBe(1);
  });

  it('a server that never answers does not stop later actions from running', async () => {
    const f = await claudeFixture({ timeoutMs: 300 });
    cleanups.push(() => f.fake.close());
    f.fake.respond = () => ({ kind: 'hang' });
    const { sink, events } = recordingSink(f.fake);
    const decision = await f.core.handleMessage(f.msg({ text: longTraceback() })); // secret warning comes first
    decision.actions.push({ type: 'handoff', target: { platform: 'slack', channelId: 'C-AUTO', threadId: 't' }, text: 'after' });
    await dispatch(decision, sink, { core: f.core, logger: f.logger, enricher: f.enricher, userId: 'U1', explicit: false });
    expect(events.map((e) => e.op)).toEqual(['ephemeral', 'post', 'handoff']);
    expect(await callCount(f.metrics, { outcome: 'timeout' })).toBe(1);
  });
});

describe('wiring in startApp', () => {
  async function boot(env: Record<string, string>, opts: Parameters<typeof startApp>[1] = {}) {
    const dir = await mkdtemp(path.join(tmpdir(), 'claude-app-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dir, HOT_RELOAD: 'false', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
    const app = await startApp(config, { logger: silentLogger, ...opts });
    cleanups.push(() => app.stop('test'));
    return app;
  }

  it('without ANTHROPIC_API_KEY there is no Claude assistance and nothing else changes', async () => {
    const app = await boot({});
    expect(app.ctx.enricher).toBeNull();
    const res = await fetch(`${app.url}/healthz`);
    expect(((await res.json()) as { claude: boolean }).claude).toBe(false);
  });

  it('with ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL) the Claude enricher is used, against that URL', async () => {
    const fake = await startFakeAnthropic();
    cleanups.push(() => fake.close());
    fake.respond = () => SUMMARY_STRUCTURED;
    const app = await boot({
      ANTHROPIC_API_KEY: 'sk-ant-api03-app-key-xxxxxxxxxxxxxxxx',
      ANTHROPIC_BASE_URL: fake.url,
      CLAUDE_MODEL: 'claude-test-model',
    });
    expect(app.ctx.enricher).toBeInstanceOf(ClaudeEnricher);
    const { ctx } = app;
    const decision = await ctx.core.handleMessage({
      platform: 'local',
      deliveryId: 'd1',
      channelId: 'L1',
      threadId: null,
      messageId: 'm1',
      userId: 'U1',
      via: 'mention',
      text: longTraceback({ secrets: false }),
    });
    const reply = decision.actions.find((a) => a.type === 'reply');
    expect(reply?.type).toBe('reply');
    if (reply?.type !== 'reply') return;
    const enriched = await ctx.enricher?.enrich({ decision, answer: reply.answer, userId: 'U1', explicit: true });
    expect(enriched?.summary).toBeTruthy();
    expect(fake.requests[0]?.body.model).toBe('claude-test-model');
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-ant-api03-app-key-xxxxxxxxxxxxxxxx');
  });

  it('opts.enricher still overrides (tests inject their own, or none)', async () => {
    const app = await boot({ ANTHROPIC_API_KEY: 'sk-ant-api03-app-key-xxxxxxxxxxxxxxxx' }, { enricher: () => null });
    expect(app.ctx.enricher).toBeNull();
  });
});

describe('plain knowledge-base answers are unaffected', () => {
  it('a short automatic answer makes no Claude call and no edit', async () => {
    const f = await claudeFixture();
    cleanups.push(() => f.fake.close());
    const { sink, events } = recordingSink(f.fake);
    const decision = await f.core.handleMessage(f.msg({ text: PASTES.promptTooLong }));
    await dispatch(decision, sink, { core: f.core, logger: f.logger, enricher: f.enricher, userId: 'U1', explicit: false });
    expect(events.map((e) => e.op)).toEqual(['post']);
    expect(f.fake.requests).toHaveLength(0);
  });
});
