import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from '../../src/store/contract.js';
import { openLowdbStore } from '../../src/store/lowdb/index.js';
import { memoryLogger } from '../helpers/bot.js';
import { runStoreContract, type StoreFactory } from './contract.js';
import { runDashboardContract } from './contract-dashboard.js';
import { runHelperContract } from './helpers-contract.js';

/** The embedded engine: a data file and its write-ahead log in a fresh directory per test. */
export const lowdbFactory: StoreFactory = async (opts) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'store-contract-'));
  const file = path.join(dir, 'diagnose-bot.json');
  const { logger } = memoryLogger();
  const openIt = () => openLowdbStore(file, { logger, ...opts });
  const harness = {
    store: (await openIt()) as Store,
    async reopen() {
      await harness.store.close();
      harness.store = await openIt();
      return harness.store;
    },
    async dispose() {
      await harness.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
};

runStoreContract('lowdb', lowdbFactory);
runDashboardContract('lowdb', lowdbFactory);
runHelperContract('lowdb', lowdbFactory);
