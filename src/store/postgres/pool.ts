import pg from 'pg';
import type { Logger } from '../../observability/log.js';

/** bigint (counts, epoch milliseconds) and numeric (sums) as JS numbers: every value we store fits in 2^53. */
export const numericTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** How long any one query may run on the server (and wait on the client) before it fails. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

export interface PoolOptions {
  /** `postgres://user@host:port/db`; `?options=-c search_path=NAME` puts the tables in another schema. */
  url: string;
  logger: Logger;
  statementTimeoutMs?: number;
  max?: number;
  applicationName?: string;
}

/**
 * A connection pool whose every query is bounded: `statement_timeout` on the server, a slightly longer
 * `query_timeout` on the client (a query sent into a dead connection fails instead of hanging), and a
 * connect timeout. A connection the server drops (restart, pg_terminate_backend) is discarded by the pool
 * and the next query opens a new one: reconnecting needs nothing more than not crashing on the error.
 */
export function createPool(opts: PoolOptions): pg.Pool {
  const timeout = opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    statement_timeout: timeout,
    query_timeout: timeout + 1_000,
    connectionTimeoutMillis: Math.max(timeout, 2_000),
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? 'diagnose-bot',
    types: numericTypes,
  });
  // An idle connection the server closed emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', (err) => opts.logger.warn({ err: describe(err) }, 'PostgreSQL connection lost; the pool will reconnect'));
  return pool;
}

/** Errors after which the same statement may succeed on a fresh connection. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && /^(57P01|57P02|57P03|08\d\d\d)$/.test(e.code)) return true;
  if (e?.code && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(e.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable|not currently accepting connections|the database system is (starting up|shutting down)/i.test(
    e?.message ?? '',
  );
}

/** A short, loggable description of a database error. */
export function describe(err: unknown): { message: string; code?: string } {
  const e = err as { code?: string; message?: string };
  return { message: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) };
}

const HEALTH_TIMEOUT_MS = 1_500;

/** Whether the database answers a trivial query within 1.5 s (for /healthz), and why not when it does not. */
export async function reachable(pool: pg.Pool): Promise<{ ok: true } | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
    });
    await Promise.race([pool.query('SELECT 1'), timeout]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `database unreachable: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
