import type { Store } from '../store/contract.js';
import type { ClaudeUsage } from './client.js';

/**
 * The cost guard: a daily token budget for the whole bot and a daily limit per chat user, both counted
 * in the store (so they survive restarts and show in the statistics). Tokens are counted at their price
 * relative to fresh input: uncached input, cache writes and output in full, cache reads at a tenth
 * (the API bills them at a tenth), so the shared, cached article list does not eat the budget.
 * A limit of 0 allows no calls at all.
 */

export type BudgetVerdict = { ok: true } | { ok: false; reason: 'skipped_budget' | 'skipped_user_limit'; used: number; limit: number };

export class BudgetGuard {
  constructor(
    private readonly store: Store,
    private readonly limits: { daily: number; perUser: number },
  ) {}

  /** May a call estimated at `estimate` budget tokens be made for `userId` now? */
  async check(userId: string, estimate: number): Promise<BudgetVerdict> {
    const today = await this.store.claudeUsageToday();
    const used = today.inputTokens + today.outputTokens;
    if (this.limits.daily <= 0 || used + estimate > this.limits.daily) {
      return { ok: false, reason: 'skipped_budget', used, limit: this.limits.daily };
    }
    const mine = today.byUser[userId] ?? 0;
    if (this.limits.perUser <= 0 || mine + estimate > this.limits.perUser) {
      return { ok: false, reason: 'skipped_user_limit', used: mine, limit: this.limits.perUser };
    }
    return { ok: true };
  }

  /** Records a call (failed ones too: they count in the statistics, and a broken stream may have used tokens). */
  async record(userId: string, usage: ClaudeUsage | undefined, failed: boolean): Promise<{ input: number; output: number }> {
    const counted = budgetTokens(usage);
    await this.store.recordClaudeUsage(userId, counted.input, counted.output, failed);
    return counted;
  }
}

export function budgetTokens(usage: ClaudeUsage | undefined): { input: number; output: number } {
  if (!usage) return { input: 0, output: 0 };
  return {
    input: usage.inputTokens + usage.cacheCreationTokens + Math.ceil(usage.cacheReadTokens / 10),
    output: usage.outputTokens,
  };
}

/** A rough upper estimate of a call's budget tokens before it is made (about 3.5 characters a token). */
export function estimateTokens(variableChars: number, cachedChars: number, maxOutput: number): number {
  return Math.ceil(variableChars / 3.5) + Math.ceil(cachedChars / 35) + maxOutput;
}
