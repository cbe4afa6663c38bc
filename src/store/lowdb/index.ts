import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type LowdbOptions, LowdbStore } from './engine.js';
import { acquireLock, releaseLock } from './lock.js';
import { recover } from './recovery.js';
import { prune } from './retention.js';
import { WriteAheadLog } from './wal.js';

export { type LowdbOptions, LowdbStore } from './engine.js';

const openStores = new Map<string, Promise<LowdbStore>>();

/**
 * Opens the embedded store for `file` (DATA_DIR/diagnose-bot.json), or returns the one this process has
 * open already. One process per file: a lock file next to it, taken over only when its owner is gone.
 */
export function openLowdbStore(file: string, opts: LowdbOptions & { groupCommitMs?: number }): Promise<LowdbStore> {
  const key = path.resolve(file);
  let pending = openStores.get(key);
  if (!pending) {
    pending = openFresh(key, opts);
    openStores.set(key, pending);
    pending.catch(() => openStores.delete(key));
  }
  return pending;
}

async function openFresh(file: string, opts: LowdbOptions & { groupCommitMs?: number }): Promise<LowdbStore> {
  await mkdir(path.dirname(file), { recursive: true });
  const lockFile = `${file}.lock`;
  await acquireLock(lockFile, opts.logger);
  try {
    const { state, lastSegment, setAside } = await recover(file, opts.logger);
    prune(state, { retentionDays: opts.retentionDays ?? 90, maxAnswers: opts.maxAnswers ?? 100_000 }, (opts.now ?? Date.now)());
    let store: LowdbStore | null = null;
    const wal = await WriteAheadLog.open(file, lastSegment, {
      groupCommitMs: opts.groupCommitMs,
      onFailed: (err, lost) => store?.walFailed(err, lost),
      onCommitted: () => store?.walCommitted(),
    });
    store = new LowdbStore(file, state, wal, opts, setAside);
    store.afterClose = async () => {
      openStores.delete(file);
      await releaseLock(lockFile);
    };
    // Fold a log left by the last run (a crash, or a run that never compacted) into the document.
    if (lastSegment > 0) void store.compact();
    return store;
  } catch (err) {
    await releaseLock(lockFile);
    throw err;
  }
}
