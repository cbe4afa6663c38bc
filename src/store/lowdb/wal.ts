import { type FileHandle, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { StoreWriteError } from '../contract.js';
import { syncDirectory } from './document.js';
import type { Entry } from './state.js';

/**
 * The write-ahead log: one JSON entry per line, appended to a segment file and fsynced before the
 * change is acknowledged. Appends that arrive within a few milliseconds share one write and one fsync
 * (group commit), which is what lets thousands of votes a second be durable without a fsync each.
 * Both the write and the fsync run on libuv's thread pool: the event loop only joins strings.
 *
 * Compaction rotates to a new segment, snapshots the document, then deletes the segments the snapshot
 * covers. Start-up replays every segment still present, in order, on top of the document.
 */
export interface WalOptions {
  /** How long an append waits for others to share its fsync. */
  groupCommitMs?: number;
  onCommitted?: () => void;
  /** A batch could not be written: `lost` counts its entries by kind (a = answer, v = vote, p = claim…). */
  onFailed?: (err: Error, lost: Record<string, number>) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

const SEGMENT = /\.wal\.(\d{6,})$/;

export class WriteAheadLog {
  private pending: string[] = [];
  private pendingKinds: string[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private committing: Promise<void> | null = null;
  /** A failed write may have left half a line: the next batch starts on a fresh line. */
  private tornTail = false;
  private closed = false;
  bytes = 0;

  private constructor(
    private readonly base: string,
    private handle: FileHandle,
    private segment: number,
    private readonly opts: WalOptions,
  ) {}

  static async open(base: string, after: number, opts: WalOptions = {}): Promise<WriteAheadLog> {
    const segment = after + 1;
    return new WriteAheadLog(base, await openSegment(base, segment), segment, opts);
  }

  get currentSegment(): number {
    return this.segment;
  }

  /** Queues an entry; when `durable`, the promise resolves once it is fsynced (rejects if it could not be). */
  append(entry: Entry, durable: boolean): Promise<void> | undefined {
    if (this.closed) {
      const err = new StoreWriteError('the store is closed');
      this.opts.onFailed?.(err, { [entry.t]: 1 });
      return durable ? Promise.reject(err) : undefined;
    }
    this.pending.push(`${JSON.stringify(entry)}\n`);
    this.pendingKinds.push(entry.t);
    const done = durable ? new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject })) : undefined;
    this.schedule();
    return done;
  }

  private schedule(): void {
    if (this.timer || this.committing || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.commit();
    }, this.opts.groupCommitMs ?? 2);
  }

  /** Writes and fsyncs what is queued; resolves when it (and any batch already under way) is done. */
  async commit(): Promise<void> {
    while (this.committing) await this.committing;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const batch = (this.tornTail ? '\n' : '') + this.pending.join('');
    const waiters = this.waiters;
    const kinds = this.pendingKinds;
    this.pending = [];
    this.pendingKinds = [];
    this.waiters = [];
    this.committing = this.writeBatch(batch, waiters, kinds).finally(() => {
      this.committing = null;
      this.schedule();
    });
    await this.committing;
  }

  private async writeBatch(batch: string, waiters: Waiter[], kinds: string[]): Promise<void> {
    try {
      const buf = Buffer.from(batch, 'utf8');
      await this.handle.write(buf);
      await this.handle.datasync();
      this.bytes += buf.length;
      this.tornTail = false;
      for (const w of waiters) w.resolve();
      this.opts.onCommitted?.();
    } catch (cause) {
      this.tornTail = true;
      const err = new StoreWriteError(`could not write the store's log: ${(cause as Error).message}`, { cause });
      const lost: Record<string, number> = {};
      for (const k of kinds) lost[k] = (lost[k] ?? 0) + 1;
      this.opts.onFailed?.(err, lost);
      for (const w of waiters) w.reject(err);
    }
  }

  /**
   * Starts a new segment and returns the number of the one closed. Once this resolves, nothing more is
   * written to the closed segment: the handles are switched in one synchronous step after the batch
   * under way (if any) is done, and whatever is still queued goes to the new segment. Compaction relies
   * on that: it reads the closed segments from disk and then deletes them.
   */
  async rotate(): Promise<number> {
    const next = await openSegment(this.base, this.segment + 1);
    while (this.committing) await this.committing;
    const old = this.handle;
    const closedSegment = this.segment;
    this.handle = next;
    this.segment++;
    this.bytes = 0;
    await old.close();
    return closedSegment;
  }

  async close(): Promise<void> {
    await this.commit();
    this.closed = true;
    await this.handle.close();
  }
}

async function openSegment(base: string, n: number): Promise<FileHandle> {
  const handle = await open(segmentPath(base, n), 'a');
  await syncDirectory(path.dirname(base));
  return handle;
}

export function segmentPath(base: string, n: number): string {
  return `${base}.wal.${String(n).padStart(6, '0')}`;
}

/** The log segments present for `base`, oldest first. */
export async function listSegments(base: string): Promise<Array<{ n: number; file: string }>> {
  const dir = path.dirname(base);
  const name = path.basename(base);
  const files = await readdir(dir).catch(() => [] as string[]);
  return files
    .filter((f) => f.startsWith(`${name}.wal.`))
    .map((f) => ({ n: Number(SEGMENT.exec(f)?.[1] ?? Number.NaN), file: path.join(dir, f) }))
    .filter((s) => Number.isFinite(s.n))
    .sort((a, b) => a.n - b.n);
}

/** Deletes the segments up to and including `n` (a snapshot now holds everything in them). */
export async function removeSegmentsThrough(base: string, n: number): Promise<void> {
  for (const s of await listSegments(base)) if (s.n <= n) await rm(s.file, { force: true });
  await syncDirectory(path.dirname(base));
}
