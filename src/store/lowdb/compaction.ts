import { Low } from 'lowdb';
import type { Logger } from '../../observability/log.js';
import { type DocumentSource, SlicedJsonFile, type StoreDocument } from './document.js';
import type { State } from './state.js';
import { removeSegmentsThrough, type WriteAheadLog } from './wal.js';

/**
 * Folds the write-ahead log into the document, in the background: the log rotates first (changes made
 * while the document is written land in the new segment), lowdb writes the document from the live
 * collections in slices, and the segments the document now covers are deleted. A failure leaves the
 * log as it is (nothing is lost) and is logged; the next compaction tries again.
 */
export class Compactor {
  private readonly db: Low<DocumentSource>;
  private running: Promise<void> | null = null;

  constructor(
    private readonly file: string,
    private readonly state: State,
    private readonly wal: WriteAheadLog,
    private readonly logger: Logger,
  ) {
    this.db = new Low(new SlicedJsonFile(file), sourceOf(state));
  }

  get current(): Promise<void> | null {
    return this.running;
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      try {
        const covered = await this.wal.rotate();
        this.db.data = sourceOf(this.state);
        await this.db.write();
        await removeSegmentsThrough(this.file, covered);
      } catch (err) {
        this.logger.error({ err, file: this.file }, 'could not compact the store (the log keeps every change; will retry)');
      } finally {
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

/** Every record as one document (copies of the collections; the records themselves are the live ones). */
export function documentOf(s: State): StoreDocument {
  return {
    schema: 2,
    answers: s.answers.slice(),
    votes: [...s.votes.values()],
    gaps: Object.fromEntries(s.gaps),
    channels: Object.fromEntries(s.channels),
    communities: Object.fromEntries(s.communities),
    processed: Object.fromEntries(s.claims),
    claudeUsage: [...s.usage.values()],
    corrections: [...s.corrections.values()],
    solved: Object.fromEntries(s.solved),
  };
}
