import type { SlackRuntime } from './runtime.js';

/** Acknowledges at once (Slack allows 3 seconds) and records how long that took. */
export async function timedAck<A extends unknown[]>(
  rt: SlackRuntime,
  kind: string,
  ack: (...args: A) => Promise<void>,
  ...args: A
): Promise<void> {
  const started = process.hrtime.bigint();
  try {
    await ack(...args);
  } finally {
    rt.ctx.metrics.ackLatency.observe({ platform: 'slack', kind }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}
