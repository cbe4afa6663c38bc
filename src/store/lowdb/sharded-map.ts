/**
 * A Map split into a fixed number of smaller maps by a hash of the key. V8 grows (and, after many
 * deletions, compacts) a Map by rehashing every entry in one synchronous step: at 131,072 entries that
 * is 10–30 ms of blocked event loop, at 262,144 twice that, and the store's indexes of 100,000 answers
 * (by id, by reply, by thread) reach those sizes together. Split 64 ways, each rehash moves a
 * sixty-fourth of the entries. Iteration order is by shard, not by insertion.
 */
const SHARDS = 64;

function shardOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

export class ShardedMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return (this.shards[shardOf(key)] as Map<string, V>).get(key);
  }

  has(key: string): boolean {
    return (this.shards[shardOf(key)] as Map<string, V>).has(key);
  }

  set(key: string, value: V): this {
    const shard = this.shards[shardOf(key)] as Map<string, V>;
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
    return this;
  }

  delete(key: string): boolean {
    const gone = (this.shards[shardOf(key)] as Map<string, V>).delete(key);
    if (gone) this.count--;
    return gone;
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }

  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards) yield* shard.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }
}
