import { describe, expect, it } from 'vitest';
import { ask, shownArticles } from '../../src/core/ask.js';
import { offTopicKind, reportsError, withoutMoney } from '../../src/core/question-kinds.js';
import { describesTrouble, questionTerms } from '../../src/core/questions.js';
import { realKb } from '../helpers/kb.js';

// Questions written for these tests (not taken from any evaluation set).

describe('amounts of money are not HTTP statuses', () => {
  it.each([
    ['I pay $200 a month for Max 20x', '200'],
    ['the Pro plan is 100 USD here', '100'],
    ['Team seats at 150/month each', '150'],
    ['we topped up €500 of credits', '500'],
  ])('drops the amount from %s', (text, digits) => {
    expect(withoutMoney(text)).not.toContain(digits);
    expect(questionTerms(text)).not.toContain(digits);
  });

  it('keeps a status that is not money', () => {
    expect(questionTerms('every call returns 529 since this morning')).toContain('529');
    expect(describesTrouble('every call returns 529 since this morning')).toBe(true);
  });

  it('a price alone does not describe trouble', () => {
    expect(describesTrouble('Is Max at $100 a better deal than Pro at $20 for Claude Code?')).toBe(false);
  });
});

describe('what counts as a failed request', () => {
  it.each([
    'Claude returns 400 invalid_request_error when I add a PDF',
    'the request was rejected with credit balance too low',
    'calls fail after I upgraded to the Max plan',
    'prompt caching costs more than expected, the cache does not seem to work',
  ])('reports an error: %s', (text) => {
    expect(reportsError(text)).toBe(true);
  });

  it.each([
    'we ran 8/100 of the tasks and spent $5',
    'the cache hit 100% of the time',
    'version 2.100.3 of the CLI',
    // A line number in a file reference, and a rate something is billed at (written for these tests).
    'the total is summed in tracker.py:408 from the usage field',
    'one-hour cache writes are billed at the five-minute rate in this dashboard',
  ])('a ratio, a share, a version, a line number or a rate is no failure: %s', (text) => {
    expect(reportsError(text)).toBe(false);
  });
});

describe('kinds of question no article answers', () => {
  it.each([
    ['pricing', 'How much does Claude Sonnet cost per million tokens through the API?'],
    ['pricing', 'Which plan should I buy for Claude Code, Pro or Max?'],
    ['pricing', 'Is the Claude API free for students, or is there a discount?'],
    ['wish-title', 'Feature request: please add a dark theme to the Claude Code terminal UI.'],
    ['wish-title', '[FEATURE] Show the context window left as a percentage in the status bar'],
    ['wish-title', 'Docs request: explain where Claude Code keeps its settings on Windows'],
    ['wish-title', 'Enhancement: let /compact keep the last three tool results'],
    // A change in the imperative opening the message, as issue titles word it (written for these tests).
    ['wish-title', 'Support prompt caching for Anthropic models in the chat provider'],
    ['wish-title', 'Update the context window of Claude Sonnet 4 to one million tokens'],
    ['wish-title', '[Enhancement]: Add Claude Opus 4.5 to the model list'],
    ['wish-title', 'Expose the thinking budget as a setting of the Bedrock provider'],
    // A labelled wish whose words name limits, quotas or token counts without quoting an error.
    ['wish-title', '[Feature Request]: show how much of the daily token quota is left after each task'],
    ['wish-title', 'Feature: print token counts per request, e.g. 1,234 in / 567 out, when a rate limit gets close'],
    ['wish-title', '[Feat]: tell me when I can use it again once I reach the window limit'],
    ['feature-request', 'Bedrock inference profiles: is there any plan to provide them in this library?'],
    ['feature-request', 'Could the LibreChat team add a base URL setting for the Anthropic endpoint?'],
    ['feature-request', 'Can the VS Code extension expose the model picker in the sidebar?'],
    ['feature-request', 'Are there plans to support Emacs as an IDE for Claude Code?'],
    ['wish', 'Showing the cache hit rate after each turn would be really helpful.'],
    ['comparison', 'Is Claude Opus better than Gemini for refactoring Java code?'],
    ['comparison', 'Claude Code vs Cursor, which should my team use?'],
    ['editor-setup', 'Does Claude Code in VS Code support vim mode in its prompt box?'],
    ['prompt-advice', 'Claude is far too verbose in its answers, how do I make it more concise?'],
    ['prompt-advice', 'Claude keeps ignoring my CLAUDE.md instructions about tests.'],
    ['editor-setup', 'How do I change the keyboard shortcut for accepting an edit in Claude Code under tmux?'],
    ['editor-setup', 'Can Claude Code open its diffs in Neovim instead of VS Code?'],
    ['thanks', 'Thank you so much, the bot sorted out my Bedrock setup yesterday!'],
  ] as const)('is %s: %s', (kind, text) => {
    expect(offTopicKind(text)).toBe(kind);
  });

  it.each([
    'I paid $50 for credits but every request still fails with "Your credit balance is too low"',
    'Feature request: retry on 529 overloaded_error automatically instead of failing',
    '[Feature Request] retry on its own when a call fails with error 429, it happens every afternoon',
    'Enhancement: catch RateLimitError in the agent loop instead of exiting',
    'Compared to yesterday, every call now returns 429 rate_limit_error',
    // An imperative title that reports a failure is trouble, not a wish.
    'Add HTTP proxy support: every request fails behind our corporate proxy with APIConnectionError',
    'Update the Bedrock model ids, the old ones now return ValidationException: invalid model identifier',
    'Thanks in advance: why does the API reject my request with "messages: roles must alternate"?',
  ])('a question that reports an error stays ours: %s', (text) => {
    expect(offTopicKind(text)).toBeNull();
  });

  it.each([
    'Which plan should I pick for Claude Code: Pro at $20 or Max at $100?',
    'Could you add support for Claude Opus in the Claude API console playground? It would be great.',
    'Claude Sonnet versus Claude Opus for writing API clients, which one is smarter?',
    'How do I write a system prompt so Claude follows my formatting rules instead of being so verbose?',
    // A wish in an issue title, however closely it names an article.
    'Feature request: a live counter of tokens used and the cost of the session in the Claude Code footer',
    // A change asked of a product's makers, however closely it names an article (written for these tests).
    'Could the Zed team add a field for a custom Anthropic base URL, the way the OpenAI provider has one?',
    'Subscribers have no API key. Could you support signing in with a Claude Pro OAuth token in this plugin?',
    // What something costs, however closely it names an article (written for these tests).
    'Cost reporting: one-hour prompt cache writes are priced at the five-minute cache write rate in the usage view',
    // How to set something up, with nothing failing (written for these tests).
    'Is there a way to configure the ANTHROPIC_BASE_URL so Claude Code goes through our own gateway endpoint?',
    'I would like to customize the Anthropic base URL in this app so it goes through our gateway.',
    '[Feature] Let me set the prompt cache TTL for every request from the Claude Code settings file',
    // A labelled wish whose words name a rate limit, with no error quoted.
    'Proposal: expose the rate limit headers anthropic-ratelimit-tokens-remaining in the dashboard widget',
    'Docs request: the Bedrock page should say which regions have inference profiles for Claude',
    // A change in the imperative, however closely it names an article (written for these tests).
    'Support the one million token context window for Claude Sonnet in the model settings',
    'Add inference profile ids for Claude on Bedrock to the provider configuration',
  ])('is not answered with an article: %s', async (text) => {
    const kb = await realKb();
    expect(shownArticles(ask(text, kb)).answered).toBe(false);
  });

  it.each([
    'Can I add cache_control to the system prompt?',
    'Could we add a retry for 529 in our client?',
    'Added cache_control to my system prompt but cache_read_input_tokens stays 0',
    'Updated to the latest SDK and now overloaded_error shows up on every third call',
  ])('asking how to do something yourself is not a wish: %s', (text) => {
    expect(offTopicKind(text)).not.toBe('feature-request');
    expect(offTopicKind(text)).not.toBe('wish-title');
  });

  it('a how-to that reports a failure still gets its article', async () => {
    const kb = await realKb();
    const text = 'How do I change the base URL? Since I set it every request fails with 404 not_found_error';
    expect(shownArticles(ask(text, kb)).ids).toContain('wrong-base-url-or-endpoint-path');
  });

  it('an error question with a thank-you still gets its article', async () => {
    const kb = await realKb();
    const text = 'Thanks! Why does Claude return 400 "temperature and top_p cannot both be specified for this model"?';
    const shown = shownArticles(ask(text, kb));
    expect(shown.answered).toBe(true);
    expect(shown.ids).toContain('sampling-temperature-top-p-both');
  });
});
