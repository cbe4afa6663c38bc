import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { redact } from '../bot/redact.js';
import { diagnose } from '../core/diagnose.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Candidate, Diagnosis } from '../core/types.js';
import type { Logger } from '../observability/log.js';
import { inlineAnalyser } from './inline.js';
import type { KnowledgeTransfer, SlimDiagnosis, WorkerReply, WorkerTask } from './protocol.js';
import type { AnalyseOptions, Analyser, PasteAnalysis } from './types.js';

export interface PoolOptions {
  /** Worker threads (at least 1). */
  threads: number;
  /** Pastes up to this many UTF-8 bytes are analysed inline: for them a trip to a worker costs more than the work. */
  inlineMaxBytes: number;
  /** Past this, a paste is read head-and-tail only (and the answer says so). */
  budgetMs: number;
  /** Heap limit per worker: a paste that needs more crashes its worker, not the bot. */
  workerMaxMemoryMb: number;
  logger: Logger;
}

/** What is read of a paste that ran out of time: this many characters from each end. */
export const HEAD_TAIL_CHARS = 16_384;
/** The head-and-tail attempt may need a fresh worker (the timed-out one is terminated, and a new one loads its modules and the knowledge base): give it room. */
const FALLBACK_BUDGET_MS = 10_000;
/**
 * How long a shutdown waits for workers that are still loading. Node 20 loads the worker module through
 * require(esm), and terminating a thread in the middle of that aborts the whole process (a fatal V8 check,
 * not an exception), so the store would not be closed cleanly.
 */
const WARM_WAIT_MS = 15_000;

/** The worker module beside this one: `.js` when compiled, `.ts` under tsx / vitest (loaded through tsx). */
function workerFile(): { filename: string; execArgv: string[] } {
  const js = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { filename: js.href, execArgv: [] };
  return { filename: new URL('./worker.ts', import.meta.url).href, execArgv: ['--import', 'tsx'] };
}

export class PoolAnalyser implements Analyser {
  private readonly pool: Piscina<WorkerTask, WorkerReply>;
  private closed = false;
  /** The latest warm-up, settled or not: a shutdown waits for it before it terminates the threads. */
  private warming: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: PoolOptions) {
    const { filename, execArgv } = workerFile();
    this.pool = new Piscina({
      filename,
      execArgv,
      // Threads start on the first task (the warm-up after start-up), not with the pool: they would compete
      // with start-up for the CPU.
      minThreads: 0,
      maxThreads: opts.threads,
      // A queue longer than this means the workers cannot keep up; tasks wait in it rather than fail.
      maxQueue: 'auto',
      idleTimeout: Number.POSITIVE_INFINITY,
      resourceLimits: { maxOldGenerationSizeMb: opts.workerMaxMemoryMb },
    });
    // A worker that dies (out of memory, a crash) is replaced by piscina; the task's promise rejects.
    this.pool.on('error', (err) => opts.logger.warn({ err }, 'analysis worker failed; it is replaced'));
  }

  get threads(): number {
    return this.pool.threads.length;
  }

  /**
   * Starts every worker and hands it the knowledge base, so that neither module loading, building the
   * index nor compiling the hot code counts against the first large paste's time budget. Called at
   * start-up and after a reload.
   */
  async warm(kb: KnowledgeBase): Promise<void> {
    if (this.closed) return;
    const task: WorkerTask = { text: '', kbVersion: kb.version, knowledge: transfer(kb), warm: true };
    const started = performance.now();
    const runs = Promise.allSettled(Array.from({ length: this.opts.threads }, () => this.pool.run(task)));
    this.warming = runs;
    const results = await runs;
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0) this.opts.logger.warn({ failed }, 'some analysis workers did not start; large pastes retry on demand');
    else this.opts.logger.debug({ threads: this.opts.threads, ms: Math.round(performance.now() - started) }, 'analysis workers ready');
  }

  async analyse(text: string, kb: KnowledgeBase, opts: AnalyseOptions): Promise<PasteAnalysis> {
    if (this.closed || Buffer.byteLength(text, 'utf8') <= this.opts.inlineMaxBytes) {
      return inlineAnalyser.analyse(text, kb, opts);
    }
    try {
      return await this.inPool(text, kb, opts);
    } catch (err) {
      const timedOut = (err as Error).name === 'AbortError';
      this.opts.logger.warn(
        { err: timedOut ? undefined : err, chars: text.length, budgetMs: this.opts.budgetMs },
        timedOut
          ? 'paste over its time budget; reading head and tail only'
          : 'analysis worker failed on a paste; reading head and tail only',
      );
      return this.headAndTail(text, kb, opts, timedOut);
    }
  }

  /** A second, small attempt after the full paste ran out of time or crashed its worker. */
  private async headAndTail(text: string, kb: KnowledgeBase, opts: AnalyseOptions, timedOut: boolean): Promise<PasteAnalysis> {
    const piece = `${text.slice(0, HEAD_TAIL_CHARS)}\n…\n${text.slice(-HEAD_TAIL_CHARS)}`;
    const kbChars = `${Math.round(HEAD_TAIL_CHARS / 1024)} KB`;
    const why = timedOut
      ? `Reading this whole paste took longer than ${(this.opts.budgetMs / 1000).toFixed(1)} s`
      : 'This paste could not be read in full';
    try {
      const result = await this.inPool(piece, kb, opts, Math.max(this.opts.budgetMs, FALLBACK_BUDGET_MS));
      result.diagnosis.notes.push(`${why}, so only its first and last ${kbChars} were read.`);
      return result;
    } catch (err) {
      this.opts.logger.error({ err }, 'analysis failed on the head and tail of a paste too; answering without a diagnosis');
      // Nothing unredacted may leave: keep only a small, redacted excerpt (redaction is linear in it).
      const redaction = redact(`${text.slice(0, 2_048)}\n…\n${text.slice(-2_048)}`);
      const diagnosis = diagnose('', kb, opts);
      diagnosis.notes = [
        'I could not read this paste (it was too large or unusual to analyse). Paste just the error lines, or attach the log as a file.',
      ];
      return { redaction, diagnosis, ranIn: 'pool' };
    }
  }

  private async inPool(text: string, kb: KnowledgeBase, opts: AnalyseOptions, budgetMs = this.opts.budgetMs): Promise<PasteAnalysis> {
    const base: WorkerTask = {
      text,
      kbVersion: kb.version,
      mode: opts.mode,
      strictThreshold: opts.strictThreshold,
      lenientThreshold: opts.lenientThreshold,
      feedbackRules: opts.feedbackRules,
    };
    const signal = AbortSignal.timeout(budgetMs);
    let reply = await this.run(base, kb, signal);
    // Votes live in the store on the main thread: when this fingerprint has any, run again with them
    // (rare: most fingerprints carry no votes), exactly as the inline path does.
    const votes = opts.feedbackFor ? await opts.feedbackFor(reply.diagnosis.fingerprintHash) : {};
    if (Object.keys(votes).length > 0) reply = await this.run({ ...base, feedback: votes }, kb, signal);
    return { redaction: reply.redaction, diagnosis: rehydrate(reply.diagnosis, kb), ranIn: 'pool' };
  }

  /** Runs a task; a worker holding another knowledge version asks for it once and gets it. */
  private async run(task: WorkerTask, kb: KnowledgeBase, signal: AbortSignal): Promise<Extract<WorkerReply, { needKnowledge: false }>> {
    let reply = await this.pool.run(task, { signal });
    if (reply.needKnowledge) reply = await this.pool.run({ ...task, knowledge: transfer(kb) }, { signal });
    if (reply.needKnowledge) throw new Error('analysis worker did not take the knowledge base');
    return reply;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const patience = new Promise((resolve) => setTimeout(resolve, WARM_WAIT_MS).unref());
    await Promise.race([this.warming, patience]);
    await this.pool.destroy();
  }
}

// One transfer object per knowledge base: it is rebuilt only when the base changes (hot reload).
const transfers = new WeakMap<KnowledgeBase, KnowledgeTransfer>();
function transfer(kb: KnowledgeBase): KnowledgeTransfer {
  let t = transfers.get(kb);
  if (!t) {
    t = { version: kb.version, root: kb.root, articles: kb.articles };
    transfers.set(kb, t);
  }
  return t;
}

/** Puts the main thread's articles back into the worker's candidates (a candidate whose article is gone is dropped). */
function rehydrate(slim: SlimDiagnosis, kb: KnowledgeBase): Diagnosis {
  const candidates: Candidate[] = [];
  for (const c of slim.candidates) {
    const article = kb.byId.get(c.id);
    if (article) candidates.push({ ...c, article });
  }
  return { ...slim, candidates };
}
