import type { Store } from '../../src/store/contract.js';
import type { StoreDocument } from '../../src/store/lowdb/document.js';
import { LowdbStore } from '../../src/store/lowdb/index.js';

/** What an embedded store holds right now (tests read records the contract has no query for). */
export function storedRecords(store: Store): StoreDocument {
  if (!(store instanceof LowdbStore)) throw new Error(`storedRecords reads the lowdb engine, not ${store.engine}`);
  return store.records();
}
