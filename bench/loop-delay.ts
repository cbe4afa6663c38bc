import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/**
 * What the event loop went through while a bench ran: perf_hooks' delay monitor (max and p99), the
 * longest garbage-collection pause, and, on Linux, the most CPU the main thread itself spent within one
 * delay.
 *
 * That last figure is there because this bench runs on shared machines: a 2-core box running other
 * jobs keeps a ready thread off the CPU for tens of milliseconds at a time, and stretches every pause
 * that waits for the collector's helper threads, which shows up in the raw maximum whatever the store
 * does. The kernel counts each thread's time on a CPU (/proc/self/task/<tid>/schedstat, first field, in
 * nanoseconds), so a 1 ms timer can tell how much of each delay was the main thread working: the
 * store's code, JSON, its share of garbage collection. On a machine with cores to spare the raw delay
 * comes down towards it; it is not a bound on what a loaded machine shows.
 */
export interface LoopDelay {
  max: number;
  p99: number;
  /** The most main-thread CPU time within one delay (null where /proc is not readable). */
  cpuMax: number | null;
  gc: number;
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

function mainThreadCpuMs(): number | null {
  try {
    const ns = Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
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
  let cpuMax: number | null = mainThreadCpuMs() === null ? null : 0;
  let lastCpu = mainThreadCpuMs() ?? 0;
  const tick =
    cpuMax === null
      ? null
      : setInterval(() => {
          const cpu = mainThreadCpuMs() ?? lastCpu;
          if (cpu - lastCpu > (cpuMax ?? 0)) cpuMax = cpu - lastCpu;
          lastCpu = cpu;
        }, 1);
  delay.enable();
  return {
    stop() {
      delay.disable();
      gcWatch.disconnect();
      if (tick) clearInterval(tick);
      return { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6, cpuMax, gc };
    },
  };
}
