import { describe, expect, it } from 'vitest';
import { ask, shownArticles } from '../../src/core/ask.js';
import { claudeOutsideModelFields, withoutModelFields } from '../../src/core/template-fields.js';
import { realKb } from '../helpers/kb.js';

// Issue texts from public trackers that are in no evaluation set (source given), and texts written for
// these tests where noted.

// https://github.com/cline/cline/issues/5349
const PLAN_MODE_EDITS =
  '### What happened?\n\nCline writes/edits files while in Plan mode instead of only analyzing and planning.\n\n### Steps to reproduce\n\n1.\n2.\n3.\n\n### Provider/Model\n\nAnthropic / claude-sonnet-4-20250514\n\n### System Information\n\nWindows 11 Pro 24H2, Intel i7-10700 @ 2.90GHz, 32GB RAM\n\n### Cline Version\n\nv3.20.8';

// https://github.com/cline/cline/issues/821
const DIFF_EDITOR =
  '### Which API Provider are you using?\n\nAnthropic\n\n### Which Model are you using?\n\nClaude 3.5 Sonnet, Claude 3.5 Haiku\n\n### What happened?\n\nCline wants to edit this file: Error writing file: Failed to open diff editor, please try again... It tries again with the same issue.';

// https://github.com/cline/cline/issues/4558
const NAMED_IN_THE_STORY =
  '### What happened?\n\nkeep getting this error "Failed to open diff editor". This is vscode on windows laptop and running on claude sonnet 3.7 model.\n\n### Provider/Model\n\nclaude-3-7-sonnet\n\n### Operating System\n\nwindows 11';

describe('provider and model fields of issue templates', () => {
  it('drops the fields and their answers, asked or headed', () => {
    expect(withoutModelFields(PLAN_MODE_EDITS)).not.toMatch(/claude|anthropic/i);
    expect(withoutModelFields(DIFF_EDITOR)).not.toMatch(/claude|anthropic/i);
    // written for this test: the inline label, and a request body that is no template field
    expect(withoutModelFields('Error executing command. Provider/Model: anthropic/claude-4-sonnet')).not.toMatch(/claude/i);
    expect(withoutModelFields('request body {"model": "claude-3-5-sonnet", "max_tokens": 10} returns 400')).toContain('claude-3-5-sonnet');
  });

  it('tells whether Claude is named outside them', () => {
    expect(claudeOutsideModelFields(PLAN_MODE_EDITS)).toBe(false);
    expect(claudeOutsideModelFields(DIFF_EDITOR)).toBe(false);
    expect(claudeOutsideModelFields(NAMED_IN_THE_STORY)).toBe(true);
    expect(claudeOutsideModelFields('Why does Claude return 529?')).toBeNull();
  });

  it.each([PLAN_MODE_EDITS, DIFF_EDITOR])('a tool issue naming Claude only in its fields is not answered: %s', async (text) => {
    const kb = await realKb();
    expect(shownArticles(ask(text, kb)).answered).toBe(false);
  });

  it('an Anthropic error quoted in the template is still answered', async () => {
    // written for this test
    const text =
      '### What happened?\n\nEvery task stops with: Number of request tokens has exceeded your per-minute rate limit\n\n### Provider/Model\n\nanthropic/claude-sonnet-4';
    const kb = await realKb();
    const shown = shownArticles(ask(text, kb));
    expect(shown.answered).toBe(true);
    expect(shown.ids).toContain('rate-limit-429-org-token-request-limits');
  });
});
