import { describe, it } from 'vitest';
import type { Store } from '../../src/store/contract.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { memoryLogger } from '../helpers/bot.js';
import { freshSchema, skipPostgres } from '../helpers/postgres.js';
import { runStoreContract, type StoreFactory } from './contract.js';
import { runDashboardContract } from './contract-dashboard.js';
import { runHelperContract } from './helpers-contract.js';

/** The PostgreSQL engine: a fresh schema per test in the shared test database, dropped afterwards. */
export const postgresFactory: StoreFactory = async (opts) => {
  const { url, drop } = await freshSchema('contract');
  const { logger } = memoryLogger();
  const openIt = () => openPostgresStore(url, { logger, ...opts });
  const harness = {
    store: (await openIt()) as Store,
    async reopen() {
      await harness.store.close();
      harness.store = await openIt();
      return harness.store;
    },
    async dispose() {
      await harness.store.close();
      await drop();
    },
  };
  return harness;
};

if (await skipPostgres()) describe.skip('Store contract (postgres)', () => it('needs PostgreSQL on 127.0.0.1:5432', () => undefined));
else {
  runStoreContract('postgres', postgresFactory);
  runDashboardContract('postgres', postgresFactory);
  runHelperContract('postgres', postgresFactory);
}
