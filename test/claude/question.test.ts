import { afterEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/bot/core.js';
import { dispatch, type ReplySink } from '../../src/bot/dispatch.js';
import { checkQuestionReply } from '../../src/claude/question.js';
import { callCount, claudeFixture, claudeLogs, replyOf, SECRETS } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

// Asked so that one article fits clearly ("access denied after enabling model access" also fits the
// Marketplace-subscription article, which makes the verdict "maybe").
const KNOWN = "Why does Claude on Bedrock say I don't have access to the model when I call it with boto3?";
const TOP = 'bedrock-access-denied-model-access';

async function asked(text = KNOWN, over: Parameters<typeof claudeFixture>[0] = {}) {
  const f = await claudeFixture(over);
  cleanups.push(() => f.fake.close());
  const decision: Decision = await f.core.handleMessage(f.msg({ via: 'mention', channelId: 'C-OTHER', text }));
  const answer = replyOf(decision);
  const enrich = () => f.enricher.enrich({ decision, answer, userId: 'U-ASK', explicit: true });
  return { ...f, decision, answer, enrich };
}

describe('Claude answers a question from the retrieved articles', () => {
  it('a stand-in following the schema gives a short grounded answer citing the article, with our link', async () => {
    const f = await asked(`${KNOWN} my key is ${SECRETS.anthropic}`, { publicUrl: 'https://bot.example' });
    expect(f.decision.outcome).toBe('question-known');
    f.fake.respond = () => ({
      kind: 'structured',
      value: { answer: 'Model access is granted per account and region.\nCheck the region you call.', cited: [TOP], covered: true },
    });
    const enriched = await f.enrich();
    expect(enriched?.articleId).toBe(TOP);
    expect(enriched?.claudeNote).toBe(
      `Model access is granted per account and region.\nCheck the region you call.\nFrom: [${TOP}](https://bot.example/kb/${TOP})`,
    );
    const req = f.fake.requests[0]!;
    expect(req.body.output_config.format.schema.required).toEqual(['answer', 'cited', 'covered']);
    const sent: string = req.body.messages[0].content[0].text;
    expect(sent).toContain('<question>');
    expect(sent).toContain(`<article id="${TOP}">`);
    expect(sent).toContain('Task: "answer"');
    expect(req.raw).not.toContain(SECRETS.anthropic);
    expect(req.body.system[1].cache_control).toEqual({ type: 'ephemeral' });
    expect(await callCount(f.metrics, { purpose: 'question', outcome: 'ok' })).toBe(1);
    expect(f.fake.schemaErrors).toEqual([]);
  });

  it('when the articles do not cover it, Claude says so and cites nothing', async () => {
    const f = await asked();
    f.fake.respond = () => ({
      kind: 'structured',
      value: { answer: 'The articles the bot found do not say; I do not know.', cited: [], covered: false },
    });
    const enriched = await f.enrich();
    expect(enriched?.claudeNote).toBe('The articles the bot found do not say; I do not know.');
    expect(await callCount(f.metrics, { purpose: 'question', outcome: 'not_covered' })).toBe(1);
  });

  it.each([
    [{ answer: 'See this.', cited: ['prompt-too-long'], covered: true }, /cited ids that were not given: prompt-too-long/],
    [{ answer: 'It is like prompt-too-long.', cited: [TOP], covered: true }, /named other articles: prompt-too-long/],
    [{ answer: 'Run:\n```\ncurl x | sh\n```', cited: [TOP], covered: true }, /code block/],
    [{ answer: 'Yes.', cited: [], covered: true }, /cites no article/],
  ])('a reply breaking the grounding rules is not shown, and the log says why (%j)', async (value, reason) => {
    const f = await asked();
    f.fake.respond = () => ({ kind: 'structured', value });
    expect(await f.enrich()).toBeNull();
    const log = claudeLogs(f.lines).at(-1);
    expect(log).toMatchObject({ purpose: 'question', outcome: 'invalid_output' });
    expect(log.reason).toMatch(reason);
  });

  it('prose out of schema, or an overloaded API, leave the knowledge-base answer', async () => {
    const f = await asked();
    f.fake.enqueue({ kind: 'ok', text: 'Sure! Just enable the model.' }, { kind: 'error', status: 529, type: 'overloaded_error' });
    expect(await f.enrich()).toBeNull();
    expect(claudeLogs(f.lines).at(-1)?.reason).toMatch(/JSON/);
    f.fake.respond = () => ({ kind: 'error', status: 529, type: 'overloaded_error' });
    const d2 = await f.core.handleMessage(f.msg({ via: 'mention', channelId: 'C-OTHER', text: KNOWN, userId: 'U-2' }));
    expect(await f.enricher.enrich({ decision: d2, answer: replyOf(d2), userId: 'U-2', explicit: true })).toBeNull();
    expect(await callCount(f.metrics, { purpose: 'question', outcome: 'overloaded' })).toBe(1);
  });

  it('"no article" makes no call', async () => {
    const f = await asked('what is everyone having for lunch today?');
    expect(await f.enrich()).toBeNull();
    expect(f.fake.requests).toHaveLength(0);
  });

  it('links and mentions in the answer are removed', () => {
    const r = checkQuestionReply(
      JSON.stringify({ answer: '@everyone go to evil-example.com/reset or <@U123> https://x.example', cited: [TOP], covered: true }),
      { retrievedIds: [TOP], allIds: [TOP] },
    );
    expect(r.ok && r.reply.text).not.toMatch(/@everyone|evil|<@U123>|https/);
  });
});

describe('a follow-up question', () => {
  it('sends the thread’s earlier messages (redacted, bounded) with the question', async () => {
    const f = await claudeFixture();
    cleanups.push(() => f.fake.close());
    f.fake.respond = () => ({
      kind: 'structured',
      value: { answer: 'Raise the retries first.', cited: ['overloaded-529'], covered: true },
    });
    const paste = f.msg({
      channelId: 'C-AUTO',
      text: `InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\naws_secret_access_key=${SECRETS.awsSecret}`,
    });
    expect((await f.core.handleMessage(paste)).outcome).toBe('answered');
    const d = await f.core.handleMessage(
      f.msg({ channelId: 'C-AUTO', threadId: paste.messageId, text: 'Should my app retry overloaded errors itself, or does the SDK?' }),
    );
    expect(d.outcome).toMatch(/^question-(known|maybe)$/);
    const enriched = await f.enricher.enrich({ decision: d, answer: replyOf(d), userId: 'U-ASK', explicit: false });
    const sent: string = f.fake.requests[0]!.body.messages[0].content[0].text;
    expect(sent.indexOf('<thread>')).toBeLessThan(sent.indexOf('<question>'));
    expect(sent).toContain('overloaded_error');
    expect(f.fake.requests[0]!.raw).not.toContain(SECRETS.awsSecret);
    if (d.question?.hits.some((h) => h.article.id === 'overloaded-529')) expect(enriched?.claudeNote).toContain('Raise the retries first.');
  });
});

describe('through dispatch()', () => {
  it('the question answer is posted first, then edited with Claude’s grounded answer', async () => {
    const f = await asked();
    f.fake.respond = () => ({ kind: 'structured', value: { answer: 'Enable access in that region.', cited: [TOP], covered: true } });
    const ops: Array<{ op: string; note: string | null }> = [];
    const sink: ReplySink = {
      postAnswer: async (_t, a) => {
        ops.push({ op: 'post', note: a.claudeNote });
        return 'M1';
      },
      updateAnswer: async (_t, _m, a) => void ops.push({ op: 'update', note: a.claudeNote }),
      postEphemeral: async () => undefined,
      postHandoff: async () => undefined,
    };
    await dispatch(f.decision, sink, { core: f.core, logger: f.logger, enricher: f.enricher, userId: 'U-ASK', explicit: true });
    expect(ops).toEqual([
      { op: 'post', note: null },
      { op: 'update', note: `Enable access in that region.\nFrom: \`${TOP}\`` },
    ]);
  });
});
