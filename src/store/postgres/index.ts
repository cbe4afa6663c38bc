import type { StoreOptions } from '../contract.js';
import { PostgresStore } from './engine.js';
import { migrate } from './migrate.js';
import { createPool } from './pool.js';

export { PostgresStore } from './engine.js';

export interface PostgresOptions extends StoreOptions {
  /** Bounds every query (server-side statement_timeout, client-side query timeout). */
  statementTimeoutMs?: number;
  /** Connections per process. */
  poolSize?: number;
}

/**
 * Opens the PostgreSQL store at `url` (DATABASE_URL): applies pending migrations under the advisory lock
 * (any number of instances may start at once), then opens the pool and prunes.
 */
export async function openPostgresStore(url: string, opts: PostgresOptions): Promise<PostgresStore> {
  await migrate(url, opts.logger);
  const pool = createPool({ url, logger: opts.logger, statementTimeoutMs: opts.statementTimeoutMs, max: opts.poolSize });
  const store = new PostgresStore(pool, opts);
  try {
    await store.prune();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
