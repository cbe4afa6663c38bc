/** diagnose-bot's platform-free core: load a knowledge base, diagnose pasted text. */
export {
  adviseVersions,
  compareVersions,
  type DiagnoseOptions,
  diagnose,
  LENIENT_THRESHOLD,
  STRICT_THRESHOLD,
} from './core/diagnose.js';
export { extractSignals } from './core/extract.js';
export { fingerprintOf, maskVariableParts } from './core/fingerprint.js';
export {
  buildFromSources,
  buildKnowledgeBase,
  type KnowledgeBase,
  loadKnowledgeBase,
} from './core/knowledge/index.js';
export {
  formatIssue,
  KnowledgeBaseError,
  type LoadIssue,
} from './core/knowledge/load.js';
export {
  compileSafeRegex,
  UnsafeRegexError,
} from './core/knowledge/regex-safety.js';
export { decodeInput, normalise } from './core/normalize.js';
export type * from './core/types.js';
