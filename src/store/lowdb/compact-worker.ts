import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { compactFiles, type FileCompaction } from './offthread.js';

/**
 * Worker thread side: one compaction from the files (offthread.ts), reported to the parent, then the
 * thread ends. Started by a small bootstrap (offthread.ts) that loads this module and calls `serve`.
 */
export async function serve(): Promise<void> {
  yieldTheCpu();
  try {
    const done = await compactFiles(workerData as FileCompaction);
    parentPort?.postMessage({ ok: true, ...done });
  } catch (err) {
    parentPort?.postMessage({ ok: false, error: (err as Error).stack ?? String(err) });
  }
}

/**
 * Compaction is never urgent, the event loop always is: on a machine with few cores this thread would
 * otherwise take the CPU from the main thread for seconds. Linux keeps a nice value per thread, and
 * setpriority() given this thread's id (from /proc/thread-self) lowers this one only. Elsewhere it
 * stays as it is.
 */
function yieldTheCpu(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the compaction runs at the process's priority.
  }
}
