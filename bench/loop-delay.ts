import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/**
 * What the event loop went through while a bench ran: perf_hooks' delay monitor (max and p99), the
 * longest garbage-collection pause, and, on Linux, the longest delay net of the time the operating
 * system kept the main thread waiting for a CPU.
 *
 * That last figure is there because this bench runs on shared machines: a 2-core box running other
 * jobs keeps a ready thread off the CPU for tens of milliseconds at a time, which shows up in the raw
 * maximum whatever the store does. The kernel counts that wait per thread (/proc/self/task/<tid>/
 * schedstat, second field: nanoseconds spent runnable but not running), so a 1 ms timer can take it
 * out of each delay it sees. What is left is the store's own cost: the main thread's work, and its
 * waits on anything else (the collector's helper threads, a lock), which stay counted.
 */
export interface LoopDelay {
  max: number;
  p99: number;
  /** Longest delay minus the run-queue wait within it (null where /proc is not readable). */
  ownMax: number | null;
  gc: number;
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

function runQueueWaitMs(): number | null {
  try {
    const wait = Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[1]);
    return Number.isFinite(wait) ? wait / 1e6 : null;
  } catch {
    return null;
  }
}

export function watchLoop(): { stop(): LoopDelay } {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let gc = 0;
  const gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc = Math.max(gc, e.duration);
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  let ownMax: number | null = runQueueWaitMs() === null ? null : 0;
  let last = performance.now();
  let lastWait = runQueueWaitMs() ?? 0;
  const tick =
    ownMax === null
      ? null
      : setInterval(() => {
          const now = performance.now();
          const wait = runQueueWaitMs() ?? lastWait;
          // The timer asks for 1 ms: anything beyond it is delay; the run-queue wait is the machine's share.
          const own = now - last - 1 - (wait - lastWait);
          if (own > (ownMax ?? 0)) ownMax = own;
          last = now;
          lastWait = wait;
        }, 1);
  delay.enable();
  return {
    stop() {
      delay.disable();
      gcWatch.disconnect();
      if (tick) clearInterval(tick);
      return { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6, ownMax, gc };
    },
  };
}
