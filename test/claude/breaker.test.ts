import { describe, expect, it } from 'vitest';
import { PauseBreaker } from '../../src/claude/breaker.js';

describe('PauseBreaker', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('honours Retry-After on a 429 within bounds, and lifts the pause when it has passed', () => {
    const c = clock();
    const b = new PauseBreaker(c.now);
    expect(b.failed('rate_limited', 20_000)).toBe(20_000);
    expect(b.paused).toEqual({ until: 1_020_000, reason: 'rate_limited' });
    c.advance(20_001);
    expect(b.paused).toBeNull();
    expect(b.failed('rate_limited', 10 * 3_600_000)).toBe(3_600_000); // capped at an hour
  });

  it('does not pause on one timeout, but backs off after three failures in a row', () => {
    const b = new PauseBreaker(clock().now);
    expect(b.failed('timeout', null)).toBe(0);
    expect(b.failed('timeout', null)).toBe(0);
    expect(b.paused).toBeNull();
    expect(b.failed('timeout', null)).toBe(60_000);
    expect(b.failed('timeout', null)).toBe(120_000);
    expect(b.consecutiveFailures).toBe(4);
    b.succeeded();
    expect(b.consecutiveFailures).toBe(0);
  });

  it('pauses for fifteen minutes on a bad key or model', () => {
    const b = new PauseBreaker(clock().now);
    expect(b.failed('auth_error', undefined)).toBe(15 * 60_000);
    expect(b.paused?.reason).toBe('auth_error');
  });
});
