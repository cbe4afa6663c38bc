/**
 * When to stop calling Claude for a while: a Retry-After is honoured by pausing assistance rather than
 * waiting, an overload pauses it briefly, a bad key or model for longer (they will not fix themselves),
 * and three failures in a row open the breaker with a back-off that doubles up to ten minutes.
 */

const MINUTE = 60_000;

export class PauseBreaker {
  private pausedUntil = 0;
  private reason: string | null = null;
  private consecutive = 0;

  constructor(private readonly now: () => number) {}

  /** Why calls are paused and until when; null when they are not. */
  get paused(): { until: number; reason: string } | null {
    return this.pausedUntil > this.now() ? { until: this.pausedUntil, reason: this.reason ?? 'paused' } : null;
  }

  get consecutiveFailures(): number {
    return this.consecutive;
  }

  succeeded(): void {
    this.consecutive = 0;
  }

  /** Records a failure and returns how long calls are now paused for (0 when they are not). */
  failed(outcome: string, retryAfterMs: number | null | undefined): number {
    this.consecutive++;
    let pauseMs = 0;
    if (outcome === 'rate_limited') pauseMs = clamp(retryAfterMs ?? 30_000, 1_000, 60 * MINUTE);
    else if (outcome === 'overloaded') pauseMs = clamp(retryAfterMs ?? 10_000, 1_000, 5 * MINUTE);
    else if (outcome === 'auth_error' || outcome === 'not_found') pauseMs = 15 * MINUTE;
    if (this.consecutive >= 3) pauseMs = Math.max(pauseMs, Math.min(10 * MINUTE, MINUTE * 2 ** (this.consecutive - 3)));
    if (pauseMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + pauseMs);
      this.reason = outcome;
    }
    return pauseMs;
  }
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}
