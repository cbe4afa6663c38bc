import type { ArchiveScheduler, DiscordContext } from './types.js';

const SWEEP_EVERY_MS = 60_000;

/**
 * Archives (and, with SOLVED_LOCK, locks) threads some time after their question was marked solved. The
 * schedule is in the store, so a restart loses nothing: the first sweep after start-up catches up. A
 * timer wakes the sweep at the next due time this process knows of; a slow sweep runs every minute for
 * the rest. With several shards each archives only the threads of the guilds it holds.
 */
export class SolvedArchiver implements ArchiveScheduler {
  private timer: NodeJS.Timeout | null = null;
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly dc: DiscordContext) {}

  start(): void {
    this.interval = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.interval.unref();
    void this.sweep();
  }

  /** A new archive is due at `at`: sweep then (or at once if it is already due). */
  wake(at: number): void {
    if (this.stopped) return;
    const delay = Math.max(0, at - Date.now());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sweep(), delay + 25);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.interval) clearInterval(this.interval);
  }

  sweep(): Promise<void> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<void> {
    const { dc } = this;
    if (this.stopped || !dc.client.isReady()) return;
    const due = await dc.app.store.dueArchives(Date.now());
    for (const s of due) {
      if (this.stopped) return;
      if (s.platform !== 'discord' || (s.community && !dc.client.guilds.cache.has(s.community))) continue;
      try {
        const channel = await dc.client.channels.fetch(s.threadId).catch(() => null);
        if (channel?.isThread() && !channel.archived) {
          // One edit: an archived thread takes no other change until it is reopened.
          await channel.edit({ archived: true, ...(s.lock ? { locked: true } : {}), reason: 'question marked solved' });
          dc.logger.info({ thread: s.threadId, lock: s.lock }, 'archived a solved thread');
        }
        await dc.app.store.archiveDone(s.answerId, Date.now());
      } catch (err) {
        // Missing permissions and the like: give up on this one (logged), do not retry it every minute.
        dc.reportError(err, 'archiving a solved thread', { thread: s.threadId });
        await dc.app.store.archiveDone(s.answerId, Date.now()).catch(() => undefined);
      }
    }
  }
}
