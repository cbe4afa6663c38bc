import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/bot/answer.js';
import { DISCORD_LIMITS, embedLength, renderDiscord, renderDiscordText } from '../../src/render/discord.js';
import { renderAnswerPlain } from '../../src/render/plain.js';
import { renderSlack, renderSlackFallbackText, SLACK_MAX_BLOCKS, SLACK_SECTION_LIMIT, toMrkdwn } from '../../src/render/slack.js';
import { splitText } from '../../src/render/text.js';

function answer(over: Partial<Answer> = {}): Answer {
  return {
    id: 'A1',
    kind: 'diagnosis',
    title: '400 prompt is too long',
    articleId: 'prompt-too-long',
    confidence: 0.93,
    cause: 'The input is larger than the context window.',
    fix: '1. Count tokens first.\n2. Trim history.\n```python\nclient.messages.count_tokens(...)\n```',
    versionAdvice: [],
    sources: ['https://docs.claude.com/en/api/errors'],
    reasons: 'matched "prompt is too long"',
    fingerprint: '400 invalid_request_error · prompt is too long: <n> tokens > <n> maximum',
    alternatives: [],
    notes: [],
    articleUrl: 'https://bot.example/kb/prompt-too-long',
    earlierLink: null,
    summary: null,
    claudeNote: null,
    feedback: true,
    tentative: false,
    verified: 'verified Dec 2026',
    ...over,
  };
}

const huge = (n: number) => `${'word '.repeat(n / 10)}\n\n\`\`\`\n${'code line\n'.repeat(n / 20)}\`\`\`\n${'more text '.repeat(n / 20)}`;

describe('Slack rendering', () => {
  it('converts markdown to mrkdwn', () => {
    expect(toMrkdwn('**bold** and [docs](https://x.y/z) <tag> & co\n- item\n```ts\nconst a = 1 < 2;\n```')).toBe(
      '*bold* and <https://x.y/z|docs> &lt;tag&gt; &amp; co\n• item\n```\nconst a = 1 < 2;\n```',
    );
  });

  it('an ordinary answer has a header, cause, fix, context and five buttons (votes, hand-off, solved, correction)', () => {
    const m = renderSlack(answer());
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    expect(m.blocks.at(-1)?.elements.map((e: { action_id: string }) => e.action_id)).toEqual([
      'feedback_helpful',
      'feedback_unhelpful',
      'escalate',
      'solved',
      'correct_open',
    ]);
    expect(m.text).toContain('Cause:');
  });

  it.each([2_999, 3_001, 12_000, 200_000])('keeps every section within 3,000 characters and at most 50 blocks (fix of %i chars)', (n) => {
    const m = renderSlack(answer({ fix: huge(n), cause: huge(Math.min(n, 8_000)), summary: huge(5_000), notes: ['x'.repeat(5_000)] }));
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
    for (const b of m.blocks) {
      if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_SECTION_LIMIT);
      if (b.type === 'context') expect(b.elements[0].text.length).toBeLessThanOrEqual(SLACK_SECTION_LIMIT);
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
    }
    expect(m.blocks.at(-1)?.type).toBe('actions');
    expect(m.text.length).toBeLessThanOrEqual(4_000);
    if (n >= 200_000) expect(JSON.stringify(m.blocks)).toContain('read the full article');
  });

  it('split code blocks stay fenced in every part', () => {
    const parts = splitText(`intro\n\`\`\`\n${'x = 1\n'.repeat(2_000)}\`\`\``, 3_000);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(3_000);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });

  it('the plain-text fallback is bounded', () => {
    expect(renderSlackFallbackText(answer({ fix: huge(100_000) })).length).toBeLessThanOrEqual(4_000);
  });
});

describe('Discord rendering', () => {
  it.each([100, 4_095, 4_097, 6_500, 100_000])('stays within embed limits (fix of %i chars)', (n) => {
    const m = renderDiscord(
      answer({
        fix: huge(n),
        title: 'T'.repeat(400),
        sources: Array.from({ length: 40 }, (_, i) => `https://example.com/${'p'.repeat(60)}/${i}`),
        notes: ['n'.repeat(3_000)],
        reasons: 'r'.repeat(2_000),
        alternatives: [{ id: 'x', title: 'y'.repeat(900), score: 0.5 }],
      }),
    );
    const e = m.embeds[0];
    if (!e) throw new Error('no embed');
    expect(e.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(e.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(e.fields.length).toBeLessThanOrEqual(25);
    for (const f of e.fields) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    expect(e.footer.text.length).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    expect(embedLength(e)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(m.components[0]?.components.map((c) => c.custom_id)).toEqual([
      'fb:up:A1',
      'fb:down:A1',
      'fb:human:A1',
      'hx:solved:A1',
      'hx:correct:A1',
    ]);
    for (const c of m.components[0]?.components ?? []) expect(c.custom_id.length).toBeLessThanOrEqual(100);
    expect(renderDiscordText(answer({ fix: huge(n) })).length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  });

  it('no-match answers carry no buttons and never mention anyone', () => {
    const m = renderDiscord(answer({ kind: 'no-match', feedback: false, fix: '' }));
    expect(m.components).toEqual([]);
    expect(m.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('plain text', () => {
  it('labels Claude content and shows the fingerprint', () => {
    const text = renderAnswerPlain(answer({ summary: 'It failed in step 2.' }));
    expect(text).toContain('Summary (by Claude)');
    expect(text).toContain('Fingerprint: 400 invalid_request_error');
  });
});

describe('verification date', () => {
  it('every renderer shows when the article was verified, and none invents one', () => {
    const dated = answer();
    const slack = JSON.stringify(renderSlack(dated).blocks);
    const discord = renderDiscord(dated).embeds[0]?.footer.text ?? '';
    expect(slack).toContain('verified Dec 2026');
    expect(discord).toContain('verified Dec 2026');
    expect(renderAnswerPlain(dated)).toContain('verified Dec 2026');
    const undated = answer({ verified: null });
    expect(JSON.stringify(renderSlack(undated).blocks)).not.toContain('verified');
    expect(renderDiscord(undated).embeds[0]?.footer.text).not.toContain('verified');
    expect(renderAnswerPlain(undated)).not.toContain('verified');
  });
});
