import type { AppContext } from '../context.js';
import { ClaudeClient } from './client.js';
import { ClaudeEnricher } from './enricher.js';

export { ClaudeCallError, ClaudeClient } from './client.js';
export { ClaudeEnricher } from './enricher.js';

/** Claude assistance from the configuration, or null when ANTHROPIC_API_KEY is not set. */
export function createClaudeEnricher(
  ctx: Pick<AppContext, 'config' | 'logger' | 'metrics' | 'store' | 'knowledge'>,
): ClaudeEnricher | null {
  const { config } = ctx;
  if (!config.claude.enabled || !config.ANTHROPIC_API_KEY) return null;
  const client = new ClaudeClient({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL });
  return new ClaudeEnricher({
    client,
    kb: () => ctx.knowledge.current,
    store: ctx.store,
    logger: ctx.logger,
    metrics: ctx.metrics,
    model: config.CLAUDE_MODEL,
    timeoutMs: config.CLAUDE_TIMEOUT_MS,
    summaryMinLines: config.SUMMARY_MIN_LINES,
    summaryMinChars: config.SUMMARY_MIN_CHARS,
    strictThreshold: config.STRICT_THRESHOLD,
    dailyTokenBudget: config.CLAUDE_DAILY_TOKEN_BUDGET,
    userDailyTokens: config.CLAUDE_USER_DAILY_TOKENS,
    publicUrl: config.PUBLIC_URL,
  });
}
