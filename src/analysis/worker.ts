import { buildKnowledgeBase, type KnowledgeBase } from '../core/knowledge/index.js';
import { analyseNow } from './inline.js';
import type { WorkerReply, WorkerTask } from './protocol.js';
import { WARM_UP_RUNS, warmUpPaste } from './warm-up.js';

/**
 * A pool worker: holds one knowledge base (sent once per version, again after a hot reload) and runs
 * redaction + diagnosis off the main thread. Loaded by piscina from src (tsx) or dist (compiled JS).
 */
let kb: KnowledgeBase | null = null;

export default function analyseInWorker(task: WorkerTask): WorkerReply {
  if (task.knowledge && task.knowledge.version !== kb?.version) {
    const { articles, version, root } = task.knowledge;
    kb = buildKnowledgeBase(articles, { version, root });
  }
  if (!kb || kb.version !== task.kbVersion) return { needKnowledge: true };
  if (task.warm) warmUp(kb);
  const { redaction, diagnosis } = analyseNow(
    task.text,
    kb,
    { mode: task.mode, strictThreshold: task.strictThreshold, lenientThreshold: task.lenientThreshold, feedbackRules: task.feedbackRules },
    task.feedback,
  );
  return {
    needKnowledge: false,
    redaction,
    diagnosis: { ...diagnosis, candidates: diagnosis.candidates.map(({ article: _article, ...slim }) => slim) },
  };
}

/** Runs a made-up paste through this worker a few times so that the first real large paste finds its code compiled. */
function warmUp(base: KnowledgeBase): void {
  const paste = warmUpPaste();
  for (let i = 0; i < WARM_UP_RUNS; i++) analyseNow(paste, base, {});
}
