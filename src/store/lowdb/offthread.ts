import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { silentLogger } from '../../observability/log.js';
import { documentOf, replaceFile } from './document.js';
import { recover } from './recovery.js';
import { prune, type RetentionLimits } from './retention.js';

/**
 * Compaction from the files alone, for a worker thread: the document and the closed log segments are
 * read as start-up reads them (validated, replayed, pruned), and the result is written as the new
 * document (temp file, fsync, rename). Nothing here touches the main thread's memory, so a large store
 * is rewritten without the main thread serialising it or collecting the garbage that makes.
 *
 * Why this is crash-safe: the files it reads are not written while it runs (the document is written
 * only by compaction, one at a time; the segments up to `through` are closed, see WriteAheadLog.rotate),
 * the new document replaces the old one atomically, and the caller deletes the segments only after
 * that. Killed at any moment, the next start finds the old document or the new one, plus every segment
 * (replaying a segment the new document already holds changes nothing: log entries are upserts).
 */
export interface FileCompaction {
  file: string;
  /** The last closed log segment: it and every older one are folded into the document. */
  through: number;
  limits: RetentionLimits;
  now: number;
}

export async function compactFiles(job: FileCompaction): Promise<{ answers: number; votes: number }> {
  const { state } = await recover(job.file, silentLogger, { through: job.through, readOnly: true });
  prune(state, job.limits, job.now);
  const doc = documentOf(state);
  // One string for the whole document: this thread has nothing else to do and no event loop to keep.
  const text = JSON.stringify(doc);
  await replaceFile(job.file, async (handle) => {
    await handle.write(text);
  });
  return { answers: doc.answers.length, votes: doc.votes.length };
}

/**
 * The code a compaction thread starts with: it loads compact-worker (`.js` beside this module when
 * compiled; the `.ts` source under tsx or vitest, through tsx's require hook, registered inside the
 * thread because Node 20 does not give worker threads the hooks of `--import tsx`) and calls `serve`.
 */
function bootstrap(): string {
  const js = new URL('./compact-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return `import(${JSON.stringify(js.href)}).then((m) => m.serve());`;
  const require = createRequire(import.meta.url);
  const ts = fileURLToPath(new URL('./compact-worker.ts', import.meta.url));
  return `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(ts)}).serve();`;
}

/** Runs `compactFiles` in a worker thread of its own (started for the job, gone after it). */
export function compactInWorker(job: FileCompaction): Promise<{ answers: number; votes: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap(), { eval: true, workerData: job });
    let settled = false;
    worker.once('message', (m: { ok: true; answers: number; votes: number } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve({ answers: m.answers, votes: m.votes });
      else reject(new Error(`compaction worker: ${m.error}`));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`compaction worker exited (code ${code}) without an answer`));
    });
  });
}
