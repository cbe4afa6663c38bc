import { open, readFile, rm } from 'node:fs/promises';
import type { Logger } from '../../observability/log.js';
import { StoreLockedError } from '../contract.js';

/**
 * One process per data file: a lock file holding the owner's pid and the time that process started
 * (from /proc on Linux). A pid alone is not proof: after a crash and a reboot, or in a container where
 * every start is pid 1, the recorded pid may now be another process. A lock counts only while a process
 * with that pid is alive *and* started when the owner did; otherwise it is stale and taken over.
 */

interface LockOwner {
  pid: number;
  /** Process start time in clock ticks since boot (field 22 of /proc/PID/stat); null where unknown. */
  started: number | null;
}

export async function acquireLock(lockFile: string, logger: Logger): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      const me: LockOwner = { pid: process.pid, started: await processStart(process.pid) };
      await handle.writeFile(JSON.stringify(me));
      await handle.sync();
      await handle.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = parseOwner(await readFile(lockFile, 'utf8').catch(() => ''));
      const verdict = await judge(owner);
      if (verdict === 'held') {
        throw new StoreLockedError(
          `${lockFile} is held by running process ${owner?.pid}: only one diagnose-bot may use a data directory (or set DATABASE_URL to share a PostgreSQL store)`,
        );
      }
      logger.warn({ lockFile, owner, why: verdict }, 'taking over a stale lock');
      await rm(lockFile, { force: true });
    }
  }
  throw new StoreLockedError(`could not take the lock ${lockFile}`);
}

export async function releaseLock(lockFile: string): Promise<void> {
  const owner = parseOwner(await readFile(lockFile, 'utf8').catch(() => ''));
  if (owner?.pid === process.pid) await rm(lockFile, { force: true });
}

function parseOwner(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), started: null }; // the older format: a bare pid
  try {
    const o = JSON.parse(trimmed) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && o.pid > 0) return { pid: o.pid, started: typeof o.started === 'number' ? o.started : null };
  } catch {
    // unreadable: stale
  }
  return null;
}

type Verdict = 'held' | 'unreadable' | 'owner-gone' | 'pid-reused' | 'this-process';

async function judge(owner: LockOwner | null): Promise<Verdict> {
  if (!owner) return 'unreadable';
  if (owner.pid === process.pid) return 'this-process';
  if (!isAlive(owner.pid)) return 'owner-gone';
  const started = await processStart(owner.pid);
  if (owner.started !== null && started !== null) return started === owner.started ? 'held' : 'pid-reused';
  // The older format has no start time: the pid counts only if it is still a Node process.
  if (owner.started === null && started !== null) return (await isNodeProcess(owner.pid)) ? 'held' : 'pid-reused';
  return 'held';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of a process, from /proc (Linux); null elsewhere or when it cannot be read. */
export async function processStart(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const value = Number(fields[19]);
  return Number.isFinite(value) ? value : null;
}

async function isNodeProcess(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return /node|tsx|diagnose/i.test(cmdline);
}
