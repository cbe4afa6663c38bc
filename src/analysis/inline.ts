import { redact } from '../bot/redact.js';
import { diagnose } from '../core/diagnose.js';
import { feedbackWeight, hasFeedback } from '../core/feedback.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { FeedbackCounts } from '../store/contract.js';
import type { AnalyseOptions, Analyser, PasteAnalysis } from './types.js';

type DiagnoseSettings = Omit<AnalyseOptions, 'feedbackFor'>;

/** Redact first: diagnosis, the store, logs and Claude only ever see the redacted copy. */
export function analyseNow(text: string, kb: KnowledgeBase, opts: DiagnoseSettings, votes?: FeedbackCounts): Omit<PasteAnalysis, 'ranIn'> {
  const redaction = redact(text);
  return { redaction, diagnosis: diagnoseRedacted(redaction.text, kb, opts, votes) };
}

/** Diagnosis of an already redacted text, with the fingerprint's feedback weighing the ranking when there is any. */
export function diagnoseRedacted(text: string, kb: KnowledgeBase, opts: DiagnoseSettings, votes?: FeedbackCounts) {
  const { feedbackRules, ...settings } = opts;
  if (!votes || !hasFeedback(votes)) return diagnose(text, kb, settings);
  return diagnose(text, kb, { ...settings, feedbackFactor: (_hash, id, ctx) => feedbackWeight(votes, id, ctx, feedbackRules) });
}

/** Everything on the calling thread: the CLI, tests of the bot's manners, and small pastes. */
export const inlineAnalyser: Analyser = {
  async analyse(text, kb, { feedbackFor, ...opts }) {
    const first = analyseNow(text, kb, opts);
    const votes = feedbackFor ? await feedbackFor(first.diagnosis.fingerprintHash) : {};
    if (Object.keys(votes).length === 0) return { ...first, ranIn: 'inline' };
    return { redaction: first.redaction, diagnosis: diagnoseRedacted(first.redaction.text, kb, opts, votes), ranIn: 'inline' };
  },
  async close() {},
};
