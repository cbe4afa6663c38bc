/**
 * Aho–Corasick over a fixed set of lower-case needles: one pass over a text tells which needles occur,
 * including needles inside or overlapping other matches. Building is linear in the needles' total
 * length and a scan is linear in the text (plus the matches), whatever the number of needles, which
 * a single regex alternation over thousands of literals is not.
 */
/** Up to this many states the whole ASCII transition table is kept (2 MB at most). */
const DENSE_MAX_STATES = 4_096;

export class LiteralScan {
  /** (state × 2¹⁶ + UTF-16 code unit) → next state: one flat map instead of a map per state. */
  private readonly next = new Map<number, number>();
  private readonly fail: number[] = [0];
  /** Needle index ending at a state, or −1. */
  private readonly ends: number[] = [-1];
  /** Nearest state down the fail chain (excluding itself) where a needle ends, or 0. */
  private readonly outLink: number[] = [0];
  /**
   * Transitions on ASCII characters as an array, failures already followed (state × 128 + code unit →
   * next state): a map look-up per character was most of the cost of scanning a chat message. For every
   * state when the automaton is small; for the root only when it is large (a table for 25,000 states
   * would cost 12 MB), where most characters of most texts leave the scan anyway.
   */
  private readonly ascii: Int32Array;
  /** 1 where reaching the state means a needle ends here or down its fail chain. */
  private readonly reports: Uint8Array;

  constructor(readonly needles: readonly string[]) {
    needles.forEach((needle, index) => {
      let s = 0;
      for (let i = 0; i < needle.length; i++) {
        const key = s * 0x10000 + needle.charCodeAt(i);
        let t = this.next.get(key);
        if (t === undefined) {
          t = this.fail.length;
          this.fail.push(0);
          this.ends.push(-1);
          this.outLink.push(0);
          this.next.set(key, t);
        }
        s = t;
      }
      if (needle.length > 0 && this.ends[s] === -1) this.ends[s] = index;
    });
    const order = this.linkFailures();
    const dense = this.fail.length <= DENSE_MAX_STATES;
    this.ascii = new Int32Array(dense ? this.fail.length * 128 : 128);
    for (let c = 0; c < 128; c++) this.ascii[c] = this.next.get(c) ?? 0;
    // Breadth-first, so a state's fail target (shallower) has its row filled first.
    if (dense) {
      for (const s of order) {
        const f = (this.fail[s] as number) * 128;
        for (let c = 0; c < 128; c++) this.ascii[s * 128 + c] = this.next.get(s * 0x10000 + c) ?? (this.ascii[f + c] as number);
      }
    }
    this.reports = Uint8Array.from(this.ends, (end, s) => (end >= 0 || (this.outLink[s] as number) !== 0 ? 1 : 0));
  }

  /** Breadth-first, so every state's fail target is finished before its children need it. Returns that order. */
  private linkFailures(): number[] {
    const children = new Map<number, Array<[number, number]>>();
    for (const [key, t] of this.next) {
      const s = Math.floor(key / 0x10000);
      const list = children.get(s) ?? [];
      list.push([key % 0x10000, t]);
      children.set(s, list);
    }
    const queue: number[] = [];
    for (const [, t] of children.get(0) ?? []) queue.push(t);
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head] as number;
      for (const [c, t] of children.get(s) ?? []) {
        let f = this.fail[s] as number;
        while (f !== 0 && !this.next.has(f * 0x10000 + c)) f = this.fail[f] as number;
        const target = this.next.get(f * 0x10000 + c);
        const ft = target !== undefined && target !== t ? target : 0;
        this.fail[t] = ft;
        this.outLink[t] = (this.ends[ft] as number) >= 0 ? ft : (this.outLink[ft] as number);
        queue.push(t);
      }
    }
    return queue;
  }

  /** The state after `c` from state `s` through the goto map, falling back along failure links. */
  private follow(s: number, c: number): number {
    let t = this.next.get(s * 0x10000 + c);
    while (t === undefined && s !== 0) {
      s = this.fail[s] as number;
      t = this.next.get(s * 0x10000 + c);
    }
    return t ?? 0;
  }

  /** Whether any needle occurs in `text`: `present(text).size > 0` without building the sets. */
  any(text: string): boolean {
    const { ascii, reports } = this;
    const dense = ascii.length > 128;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128 && (s === 0 || dense)) {
        s = ascii[s * 128 + c] as number;
        if (s === 0) continue;
      } else s = this.follow(s, c);
      if (reports[s] === 1) return true;
    }
    return false;
  }

  /** The needles that occur in `text` (as given: callers lower-case both sides). */
  present(text: string): Set<string> {
    const found = new Set<string>();
    let seen: Set<number> | null = null;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128 && (s === 0 || this.ascii.length > 128)) {
        s = this.ascii[s * 128 + c] as number;
        if (s === 0) continue;
      } else s = this.follow(s, c);
      // Report the needles ending here; a state already reported reports nothing new down its chain.
      seen ??= new Set<number>();
      for (
        let o = (this.ends[s] as number) >= 0 ? s : (this.outLink[s] as number);
        o !== 0 && !seen.has(o);
        o = this.outLink[o] as number
      ) {
        seen.add(o);
        found.add(this.needles[this.ends[o] as number] as string);
      }
    }
    return found;
  }
}
