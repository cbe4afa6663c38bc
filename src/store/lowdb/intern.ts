import type { AnswerRecord, VoteRecord } from '../records.js';

/**
 * One copy of each repeated string the embedded store holds. A hundred thousand answers name a few
 * hundred channels, users, articles and fingerprints; parsed from JSON (at start-up, from the log, or
 * built for a new record) each field is a string object of its own. Sharing one copy makes the heap
 * smaller and, more to the point, gives the garbage collector fewer objects to mark and move: its
 * pauses grow with the number of live objects, and they are the longest stalls of the event loop
 * while votes stream in (bench/heap-cost.ts, bench/store.ts).
 *
 * The table is a cache, not a registry: when it holds `limit` strings it starts again, so strings no
 * longer used by any record are not kept for ever (records keep whatever copy they already have).
 */
export class Interner {
  private table = new Map<string, string>();

  constructor(private readonly limit = 50_000) {}

  get size(): number {
    return this.table.size;
  }

  string<T extends string | null | undefined>(s: T): T {
    if (typeof s !== 'string') return s;
    const known = this.table.get(s);
    if (known !== undefined) return known as T;
    if (this.table.size >= this.limit) this.table = new Map();
    this.table.set(s, s);
    return s;
  }

  /** Replaces the repeated fields of an answer, in place, by their shared copies. */
  answer(a: AnswerRecord): AnswerRecord {
    a.platform = this.string(a.platform);
    a.community = this.string(a.community);
    a.channelId = this.string(a.channelId);
    a.userId = this.string(a.userId);
    a.articleId = this.string(a.articleId);
    a.fingerprint = this.string(a.fingerprint);
    a.fingerprintHash = this.string(a.fingerprintHash);
    a.trigger = this.string(a.trigger);
    return a;
  }

  /** The same for a vote; `answerId` becomes the answer's own id string when it is known. */
  vote(v: VoteRecord, answerId: string | undefined): VoteRecord {
    if (answerId !== undefined) v.answerId = answerId;
    v.userId = this.string(v.userId);
    v.value = this.string(v.value);
    if (v.reason !== undefined) v.reason = this.string(v.reason);
    return v;
  }
}
