import { redact } from '../bot/redact.js';
import { diagnose } from '../core/diagnose.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { AnalyseOptions, Analyser, PasteAnalysis } from './types.js';

/** Redact first: diagnosis, the store, logs and Claude only ever see the redacted copy. */
export function analyseNow(text: string, kb: KnowledgeBase, opts: AnalyseOptions): Omit<PasteAnalysis, 'ranIn'> {
  const redaction = redact(text);
  const diagnosis = diagnose(redaction.text, kb, opts);
  return { redaction, diagnosis };
}

/** Everything on the calling thread: the CLI, tests of the bot's manners, and small pastes. */
export const inlineAnalyser: Analyser = {
  async analyse(text, kb, opts) {
    return { ...analyseNow(text, kb, opts), ranIn: 'inline' };
  },
  async close() {},
};
