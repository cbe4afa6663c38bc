import type { Precondition } from '../types.js';

/** Per user and command: at most one use every `seconds` (the core limits diagnoses itself). */
export function cooldown(seconds: number, now: () => number = Date.now): Precondition {
  const last = new Map<string, number>();
  return {
    name: `cooldown-${seconds}s`,
    run(_dc, i) {
      const key = `${i.commandName}:${i.user.id}`;
      const t = now();
      const wait = (last.get(key) ?? -Infinity) + seconds * 1000 - t;
      if (wait > 0) return { ok: false, message: `Please wait ${Math.ceil(wait / 1000)} s before using this command again.` };
      last.set(key, t);
      if (last.size > 10_000) for (const [k, v] of last) if (t - v > seconds * 1000) last.delete(k);
      return { ok: true };
    },
  };
}
