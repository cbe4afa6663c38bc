/**
 * The store moved to `src/store/` (one contract, two engines). This module keeps the names the bot's
 * layers import, so they need not know where records live.
 */
export type { ArticleStats, Store } from '../store/contract.js';
export { StoreLockedError, StoreWriteError } from '../store/contract.js';
export {
  type AnswerRecord,
  type ChannelMode,
  type ChannelSetting,
  type ClaudeUsageDay,
  FEEDBACK_REASONS,
  type FeedbackReason,
  type GapRecord,
  isFeedbackReason,
  newId,
  type Platform,
  type Trigger,
  type VoteRecord,
  type VoteValue,
} from '../store/records.js';
