import { parentPort, workerData } from 'node:worker_threads';
import { compactFiles, type FileCompaction } from './offthread.js';

/**
 * Worker thread side: one compaction from the files (offthread.ts), reported to the parent, then the
 * thread ends. Started by a small bootstrap (offthread.ts) that loads this module and calls `serve`.
 */
export async function serve(): Promise<void> {
  try {
    const done = await compactFiles(workerData as FileCompaction);
    parentPort?.postMessage({ ok: true, ...done });
  } catch (err) {
    parentPort?.postMessage({ ok: false, error: (err as Error).stack ?? String(err) });
  }
}
