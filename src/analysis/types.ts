import type { Redaction } from '../bot/redact.js';
import type { DiagnoseOptions } from '../core/diagnose.js';
import type { FeedbackRules } from '../core/feedback.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Diagnosis } from '../core/types.js';
import type { FeedbackCounts } from '../store/contract.js';

/** What the bot learns from one paste: the redacted copy and the diagnosis of that copy. */
export interface PasteAnalysis {
  redaction: Redaction;
  diagnosis: Diagnosis;
  /** Where the work ran: inline on the main thread, or in the worker pool. */
  ranIn: 'inline' | 'pool';
}

export type AnalyseOptions = Pick<DiagnoseOptions, 'mode' | 'strictThreshold' | 'lenientThreshold'> & {
  /** How many distinct voters it takes to move the ranking (config FEEDBACK_MIN_VOTERS). */
  feedbackRules?: FeedbackRules;
  /**
   * Votes on answers given for a fingerprint (the store's `feedbackFor`). When the paste's fingerprint
   * has any, it is diagnosed again with them weighing the ranking, as the bot always has.
   */
  feedbackFor?: (fingerprintHash: string) => Promise<FeedbackCounts>;
};

/**
 * Redaction + diagnosis of a paste. The inline analyser runs on the calling thread; the pool analyser
 * sends large pastes to worker threads so the event loop that acknowledges Slack stays free.
 */
export interface Analyser {
  analyse(text: string, kb: KnowledgeBase, opts: AnalyseOptions): Promise<PasteAnalysis>;
  close(): Promise<void>;
}
