import type { IncidentWindow } from '../contract.js';

/**
 * Short-lived decisions of the embedded engine: cooldowns, explicit-request rate limits and incident
 * windows. They live in memory: one process owns a lowdb store, and every window is minutes long, so
 * a restart forgetting them costs at most one early answer. (The PostgreSQL engine keeps them in tables,
 * shared by every instance.) Each map is swept as it is used, so none grows without bound.
 */
export class Ephemeral {
  private readonly cooldown = new Map<string, { at: number; until: number }>();
  private readonly rates = new Map<string, number[]>();
  private readonly sightings = new Map<string, Array<{ at: number; channel: string }>>();
  private readonly notices = new Map<string, number>();
  private sweeps = 0;

  cooldowns(keys: string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of keys) {
      const c = this.cooldown.get(k);
      if (c) out[k] = c.at;
    }
    return out;
  }

  touch(keys: string[], at: number, keepMs: number): void {
    for (const k of keys) {
      this.cooldown.delete(k);
      this.cooldown.set(k, { at, until: at + keepMs });
    }
    this.sweep(at);
  }

  takeRate(key: string, at: number, windowMs: number, limit: number): { allowed: boolean; count: number } {
    const recent = (this.rates.get(key) ?? []).filter((t) => at - t < windowMs);
    if (recent.length >= limit) {
      this.rates.set(key, recent);
      return { allowed: false, count: recent.length };
    }
    recent.push(at);
    this.rates.set(key, recent);
    this.sweep(at);
    return { allowed: true, count: recent.length };
  }

  sighting(hash: string, channel: string, at: number, windowMs: number): IncidentWindow {
    const seen = (this.sightings.get(hash) ?? []).filter((o) => at - o.at < windowMs);
    seen.push({ at, channel });
    this.sightings.set(hash, seen);
    if (this.sightings.size > 1_000) {
      for (const [k, v] of this.sightings) if (v.every((o) => at - o.at >= windowMs)) this.sightings.delete(k);
    }
    return { sightings: seen.length, channels: new Set(seen.map((o) => o.channel)).size };
  }

  claimNotice(hash: string, channel: string, at: number, windowMs: number, force: boolean): boolean {
    const key = `${hash}|${channel}`;
    const last = this.notices.get(key);
    const free = last === undefined || at - last >= windowMs;
    if (free || force) this.notices.set(key, at);
    if (this.notices.size > 10_000) {
      for (const [k, t] of this.notices) if (at - t >= windowMs) this.notices.delete(k);
    }
    return free;
  }

  /** Every few hundred changes, drops cooldowns past their keep time and empty rate windows. */
  private sweep(now: number): void {
    if (++this.sweeps % 500 !== 0) return;
    for (const [k, c] of this.cooldown) if (c.until < now) this.cooldown.delete(k);
    for (const [k, list] of this.rates) if (list.every((t) => now - t > 3_600_000)) this.rates.delete(k);
  }
}
