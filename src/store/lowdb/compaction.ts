import { Low } from 'lowdb';
import type { Logger } from '../../observability/log.js';
import { type DocumentSource, SlicedJsonFile } from './document.js';
import { compactInWorker } from './offthread.js';
import type { RetentionLimits } from './retention.js';
import type { State } from './state.js';
import { removeSegmentsThrough, type WriteAheadLog } from './wal.js';

/**
 * Folds the write-ahead log into the document, in the background: the log rotates first (changes made
 * while the document is written land in the new segment), the document is written, and the segments
 * it now covers are deleted. A failure leaves the log as it is (nothing is lost) and is logged; the
 * next compaction tries again.
 *
 * Two writers, one outcome. A store over `offThreadAbove` records (answers and votes) is compacted by
 * a worker thread from the files alone (offthread.ts): at 100,000 answers, serialising 45 MB on the main
 * thread, even in slices, cost hundreds of milliseconds of CPU and the garbage it made cost tens of
 * milliseconds of collector pauses while votes streamed in. Smaller stores are written by lowdb from
 * the live collections in slices (no thread to start).
 */
export interface CompactorOptions {
  logger: Logger;
  limits: RetentionLimits;
  now: () => number;
  /** Records (answers + votes) above which the worker writes the document. */
  offThreadAbove: number;
  onCompaction?: CompactionListener;
}

export type CompactionWriter = 'worker' | 'memory';
/** Told when a compaction starts and how it ends (the kill test uses it to know what it interrupted). */
export type CompactionListener = (phase: 'start' | 'done' | 'failed', writer: CompactionWriter) => void;

export class Compactor {
  private readonly db: Low<DocumentSource>;
  private running: Promise<void> | null = null;
  /** The compaction that starts once the running one ends (callers who need their writes folded in). */
  private next: Promise<void> | null = null;
  private fromMemory = false;
  /** Compactions finished by each writer (for tests and the bench). */
  readonly done = { memory: 0, worker: 0 };

  constructor(
    private readonly file: string,
    private readonly state: State,
    private readonly wal: WriteAheadLog,
    private readonly opts: CompactorOptions,
  ) {
    this.db = new Low(new SlicedJsonFile(file), sourceOf(state));
  }

  get current(): Promise<void> | null {
    return this.running;
  }

  /** A compaction reading the live answers array by index is under way (pruning must wait for it). */
  get readingMemory(): Promise<void> | null {
    return this.fromMemory ? this.running : null;
  }

  /**
   * A compaction that covers every change made before this call: when one is already writing, it may
   * have rotated the log before those changes, so another follows it (one, however many callers ask).
   */
  runCovering(): Promise<void> {
    if (!this.running) return this.run();
    this.next ??= this.running.then(() => {
      this.next = null;
      return this.run();
    });
    return this.next;
  }

  /** Starts a compaction, or joins the one under way (enough when the log merely grew). */
  run(): Promise<void> {
    this.running ??= (async () => {
      const offThread = this.state.answers.length + this.state.votes.size > this.opts.offThreadAbove;
      const writer: CompactionWriter = offThread ? 'worker' : 'memory';
      this.opts.onCompaction?.('start', writer);
      try {
        const covered = await this.wal.rotate();
        if (offThread) {
          await compactInWorker({ file: this.file, through: covered, limits: this.opts.limits, now: this.opts.now() });
        } else {
          this.fromMemory = true;
          this.db.data = sourceOf(this.state);
          await this.db.write();
        }
        await removeSegmentsThrough(this.file, covered);
        this.done[writer]++;
        this.opts.onCompaction?.('done', writer);
      } catch (err) {
        this.opts.onCompaction?.('failed', writer);
        this.opts.logger.error({ err, file: this.file }, 'could not compact the store (the log keeps every change; will retry)');
      } finally {
        this.fromMemory = false;
        this.running = null;
      }
    })();
    return this.running;
  }
}

function sourceOf(s: State): DocumentSource {
  return {
    answers: { list: s.answers, length: s.answers.length },
    votes: s.votes.values(),
    gaps: s.gaps.entries(),
    channels: s.channels.entries(),
    communities: s.communities.entries(),
    processed: s.claims.entries(),
    claudeUsage: s.usage.values(),
    corrections: s.corrections.values(),
    solved: s.solved.entries(),
  };
}
