import type { KnowledgeBase } from './index.js';

/**
 * A value derived from a knowledge base, built on first use and kept while that knowledge base is in use:
 * a reload makes a new KnowledgeBase object, and with it a new value (the old one goes with the old base).
 */
export function perKnowledgeBase<T>(build: (kb: KnowledgeBase) => T): (kb: KnowledgeBase) => T {
  const cache = new WeakMap<KnowledgeBase, T>();
  return (kb) => {
    let value = cache.get(kb);
    if (value === undefined) {
      value = build(kb);
      cache.set(kb, value);
    }
    return value;
  };
}
