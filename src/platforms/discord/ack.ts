import type { Interaction } from 'discord.js';
import type { DiscordContext } from './types.js';

const receivedAt = new WeakMap<Interaction, bigint>();

export function markReceived(i: Interaction): void {
  receivedAt.set(i, process.hrtime.bigint());
}

/** Acknowledges an interaction (reply or defer), recording the time since it arrived (ackLatency). */
export async function ack<T>(dc: DiscordContext, i: Interaction, kind: string, work: () => Promise<T>): Promise<T> {
  const out = await work();
  const t0 = receivedAt.get(i);
  if (t0 !== undefined) dc.app.metrics.ackLatency.observe({ platform: 'discord', kind }, Number(process.hrtime.bigint() - t0) / 1e9);
  return out;
}
