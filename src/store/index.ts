import type { Config } from '../config.js';
import type { Store, StoreOptions } from './contract.js';
import { openLowdbStore } from './lowdb/index.js';

export type { Store } from './contract.js';

/**
 * Opens the store the configuration asks for: PostgreSQL when DATABASE_URL is set (shared by every
 * instance and shard), otherwise the embedded lowdb engine under DATA_DIR (one process).
 *
 * The PostgreSQL engine is loaded only when asked for, so the embedded default never loads a database
 * driver. Its module, `./postgres/index.ts`, exports `openPostgresStore(url, options): Promise<Store>`.
 */
export async function openStore(
  config: Pick<Config, 'dataFile' | 'RETENTION_DAYS' | 'MAX_STORED_ANSWERS' | 'DATABASE_URL'>,
  options: StoreOptions,
): Promise<Store> {
  const opts: StoreOptions = { retentionDays: config.RETENTION_DAYS, maxAnswers: config.MAX_STORED_ANSWERS, ...options };
  if (config.DATABASE_URL) {
    const engine = await loadPostgresEngine();
    return engine.openPostgresStore(config.DATABASE_URL, opts);
  }
  return openLowdbStore(config.dataFile, opts);
}

interface PostgresEngineModule {
  openPostgresStore(url: string, options: StoreOptions): Promise<Store>;
}

export class StoreEngineUnavailableError extends Error {
  override name = 'StoreEngineUnavailableError';
}

async function loadPostgresEngine(): Promise<PostgresEngineModule> {
  // A specifier in a variable: the engine may be absent from a build, and that must be a clear error.
  const specifier = './postgres/index.js';
  try {
    return (await import(specifier)) as PostgresEngineModule;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load/.test(String(err))) {
      throw new StoreEngineUnavailableError(
        'DATABASE_URL is set, but this build has no PostgreSQL store engine (src/store/postgres/). Unset DATABASE_URL to use the embedded store under DATA_DIR.',
      );
    }
    throw err;
  }
}
