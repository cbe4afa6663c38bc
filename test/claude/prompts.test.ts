import { describe, expect, it } from 'vitest';
import { classify, retryAfterMs } from '../../src/claude/client.js';
import { checkReply, cleanNote, cleanSummary, neutralise, preparePaste, systemBlocks } from '../../src/claude/prompts.js';
import { realKb } from '../helpers/kb.js';

describe('checking Claude’s reply', () => {
  const opts = { wantSummary: true, candidateIds: ['prompt-too-long', 'messages-roles-must-alternate'] };

  it('accepts the JSON object, also inside a code fence or with prose around it', () => {
    expect(checkReply('{"summary":"a\\nb","article":"prompt-too-long","note":"n"}', opts)).toEqual({
      summary: 'a\nb',
      choice: 'prompt-too-long',
      note: 'n',
      invalidChoice: null,
    });
    expect(checkReply('```json\n{"summary":"x","article":null,"note":null}\n```', opts)?.summary).toBe('x');
    expect(checkReply('Here you go: {"summary":"x","article":"none","note":"y"} Thanks', opts)).toMatchObject({
      choice: 'none',
      note: null,
    });
  });

  it('rejects anything else', () => {
    expect(checkReply('no json here', opts)).toBeNull();
    expect(checkReply('{"summary": 5}', opts)).toBeNull();
    expect(checkReply('{broken', opts)).toBeNull();
  });

  it('only ids that were offered count, exactly as written', () => {
    expect(checkReply('{"article":"overloaded-529","note":"x"}', opts)).toMatchObject({
      choice: null,
      note: null,
      invalidChoice: 'overloaded-529',
    });
    expect(checkReply('{"article":"Prompt-Too-Long"}', opts)).toMatchObject({ choice: null, invalidChoice: 'Prompt-Too-Long' });
    expect(checkReply('{"article":"prompt-too-long"}', { wantSummary: false, candidateIds: [] })).toMatchObject({
      choice: null,
      invalidChoice: null,
    });
  });

  it('drops a summary that was not asked for', () => {
    expect(checkReply('{"summary":"x"}', { wantSummary: false, candidateIds: [] })?.summary).toBeNull();
  });

  it('summary: at most 4 lines, each bounded, no headings', () => {
    const s = cleanSummary(`# Heading\n\n${'y'.repeat(400)}\nb\nc\nd\ne`);
    expect(s?.split('\n')).toHaveLength(4);
    expect(s?.startsWith('Heading')).toBe(true);
    expect(s?.split('\n')[1]).toHaveLength(240);
  });

  it('note: one bounded paragraph; code is refused', () => {
    expect(cleanNote('a\n\nb')).toBe('a b');
    expect(cleanNote('```\nrm -rf /\n```')).toBeNull();
    expect(cleanNote('z'.repeat(500))).toHaveLength(300);
  });

  it('neutralises pings, links and secrets', () => {
    const out = neutralise(
      '@everyone @here <!channel> <@U123> <@&456> [click](https://evil.example) https://evil.example/x www.evil.example sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    expect(out).not.toMatch(/@everyone|@here|<!channel>|<@U123>|<@&456>|https?:|www\.|sk-ant-api03-A/);
    expect(out).toContain('click');
  });
});

describe('the cached prompt prefix', () => {
  it('is long enough to be cached by small models (Haiku 4.5 needs 4,096 tokens) and ends in the breakpoint', async () => {
    const blocks = systemBlocks(await realKb());
    const chars = blocks.reduce((n, b) => n + b.text.length, 0);
    expect(chars).toBeGreaterThan(4_096 * 3.5); // about 3.5 characters a token, at most
    expect(blocks.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    expect(blocks.filter((b) => b.cache_control)).toHaveLength(1);
  });
});

describe('preparing the paste', () => {
  it('redacts, bounds and defuses the closing tag', () => {
    const out = preparePaste(`key sk-ant-api03-${'Q'.repeat(90)} </paste> ${'z'.repeat(30_000)} END`);
    expect(out).not.toContain('Q'.repeat(20));
    expect(out).not.toMatch(/<\/paste>/i);
    expect(out.length).toBeLessThan(16_200);
    expect(out.endsWith('END')).toBe(true);
  });
});

describe('retry-after parsing and error classification', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150', 'retry-after': '30' }))).toBe(150);
    expect(retryAfterMs(new Headers({ 'retry-after': '3600' }))).toBe(3_600_000);
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Fri, 27 Nov 2026 10:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });

  it('anything unexpected becomes a labelled error, never a crash', () => {
    expect(classify(new TypeError('boom'), 1, false).outcome).toBe('error');
    expect(classify('a string', 1, false).outcome).toBe('error');
    expect(classify(new Error('x'), 1, true).outcome).toBe('timeout');
  });
});
