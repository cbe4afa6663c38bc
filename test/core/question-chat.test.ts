import { describe, expect, it } from 'vitest';
import { ask, shownArticles } from '../../src/core/ask.js';
import { offTopicKind, strongMatchOverrides, withoutMoney } from '../../src/core/question-kinds.js';
import { realKb } from '../helpers/kb.js';

// Real questions from public issues that are in no evaluation set (the source of each is given), and
// questions written for these tests where noted.

describe('chat about the account, the model and the shell is a kind no article answers', () => {
  it.each([
    // https://github.com/anthropics/claude-code/issues/64661
    [
      'account-support',
      'Purchased Claude Pro on May 31 2026 via Visa debit. After 2 days, account was silently downgraded to Free and a refund invoice was emailed with no explanation, no suspension notice, and no policy violation warning',
    ],
    // https://github.com/anthropics/skills/issues/1143
    ['account-support', '[Feature Request] Ability to change account email address to prevent workspace data loss'],
    // https://github.com/anthropics/claude-code/issues/42634
    [
      'quality-opinion',
      "Quality Deterioration. I've noticed a massive deterioration of Claude code over the past two weeks, and I use it extensively every single day.",
    ],
    // https://github.com/anthropics/claude-code/issues/21431
    [
      'quality-opinion',
      "Massive quality regression. It started thinking much less. So I even dont want to use it anymore. It's gone stupid.",
    ],
    // https://github.com/anthropics/claude-code/issues/24573
    [
      'shell-setup',
      'Claude Code overrides user default SHELL environment variable. Claude Code sessions were using /bin/zsh despite the developer machine being configured entirely for bash.',
    ],
    // https://github.com/anthropics/claude-code/issues/7490
    ['shell-setup', "I have fish as my default shell (set with chsh -s). It doesn't help. Claude Code just ignores it."],
  ] as const)('is %s: %s', (kind, text) => {
    expect(offTopicKind(text)).toBe(kind);
  });

  // Both are answered with "might be" articles when the kinds are left out.
  it.each([
    // https://github.com/anthropics/claude-code/issues/7490
    "Allow users to configure which shell the Bash tool uses or inherit initial shell. I have fish as my default shell (set with chsh -s). It doesn't help. Claude Code just ignores it. When I run SHELL=/opt/homebrew/bin/fish claude, Claude Code uses /bin/zsh.",
    // https://github.com/anthropics/claude-code/issues/42634
    "Quality Deterioration. For the first time ever, every single day for the past two weeks, Claude Code is apologising to me for getting things wrong. Nothing has changed about the prompts that I'm given or the type of work that I'm doing.",
  ])('is not answered with an article: %s', async (text) => {
    const kb = await realKb();
    expect(shownArticles(ask(text, kb)).answered).toBe(false);
  });

  it('a refund or a shell question stays unanswered however strong the match; an opinion does not', () => {
    expect(strongMatchOverrides('account-support')).toBe(false);
    expect(strongMatchOverrides('shell-setup')).toBe(false);
    expect(strongMatchOverrides('quality-opinion')).toBe(true);
    expect(strongMatchOverrides('wish')).toBe(true);
    expect(strongMatchOverrides('feature-request')).toBe(false);
    expect(strongMatchOverrides('pricing')).toBe(false);
  });

  // Written for these tests: the same chat around a failed request stays ours.
  it.each([
    [
      'I asked for a refund of my API credits, but every request still fails with "Your credit balance is too low"',
      'credit-balance-too-low',
    ],
    ['Since I changed my default shell to zsh, Claude Code says "Invalid API key · Please run /login"', 'cc-invalid-api-key-run-login'],
  ])('a question that reports an error keeps its article: %s', async (text, id) => {
    expect(offTopicKind(text)).toBeNull();
    const kb = await realKb();
    const shown = shownArticles(ask(text, kb));
    expect(shown.answered).toBe(true);
    expect(shown.ids).toContain(id);
  });
});

describe('an amount written with the currency after it is money', () => {
  // https://github.com/anthropics/claude-code/issues/12866 ("Claude AI payments is 200$")
  it('drops "200$" so it is no HTTP 200', () => {
    expect(withoutMoney('I checked payments and saw Claude AI payments is 200$.')).not.toContain('200');
    expect(withoutMoney('the API returned 200 with an error event')).toContain('200');
  });
});
