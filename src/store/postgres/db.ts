import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { isConnectionError } from './pool.js';

/** Attempts after a dropped connection: the pool opens a fresh one for each. */
const RETRY_DELAYS_MS = [50, 250, 1_000];

/**
 * Runs queries on the pool, retrying a statement whose connection dropped before it ran (a server restart,
 * pg_terminate_backend). A write whose commit went through but whose acknowledgement was lost runs twice,
 * so every write is safe to repeat (upserts, `ON CONFLICT DO NOTHING`, deletes, claims that recognise their
 * own earlier attempt) or only counts once more (a gap sighting, Claude usage, a rate-limit hit).
 */
export class Db {
  constructor(readonly pool: pg.Pool) {}

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    return retrying(() => this.pool.query<R>(text, values));
  }

  /** One transaction on one connection; retried as a whole when the connection drops. */
  tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return retrying(async () => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      // A checked-out client has no pool listener: a connection dropped between statements would be an
      // unhandled 'error' event (a crash) without this one. The failing statement reports it.
      const onError = (err: Error) => {
        broken = err;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        broken = err as Error;
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onError);
        // A connection that failed mid-transaction is not handed to anyone else.
        client.release(broken && isConnectionError(broken) ? broken : undefined);
      }
    });
  }
}

async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isConnectionError(err)) throw err;
      await sleep(delay);
    }
  }
}
