import type { GapResolution } from '../contract.js';
import { GAP_EXAMPLE_CHARS } from '../contract.js';
import { type NewGap, seenKey } from '../records.js';
import type { Db } from './db.js';

/** Knowledge-gap writes: a sighting (counted per place in `extra.seen`) and a maintainer's decision. */

export async function recordGap(db: Db, gap: NewGap, at: number): Promise<void> {
  const { fingerprintHash, fingerprint, example, community = '', platform, channelId, ...extra } = gap;
  const where = platform ? seenKey(platform, channelId ?? '') : null;
  // `seen` counts sightings per place: the new row starts at 1, an existing row adds 1 to its own count.
  await db.query(
    `INSERT INTO gaps AS g (community, fingerprint_hash, fingerprint, count, example, first_at, last_at, extra)
     VALUES ($1, $2, $3, 1, $4, $5, $5, $6)
     ON CONFLICT (community, fingerprint_hash) DO UPDATE SET count = g.count + 1, last_at = GREATEST(g.last_at, EXCLUDED.last_at),
       extra = g.extra || EXCLUDED.extra || CASE WHEN $7::text IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('seen',
         coalesce(g.extra->'seen', '{}'::jsonb) || jsonb_build_object($7::text, coalesce((g.extra->'seen'->>$7::text)::int, 0) + 1)) END`,
    [
      community,
      fingerprintHash,
      fingerprint,
      example.slice(0, GAP_EXAMPLE_CHARS),
      at,
      JSON.stringify(where ? { ...extra, seen: { [where]: 1 } } : extra),
      where,
    ],
  );
}

/** Sets (or with null clears) the decision on every record of the fingerprint; the number of records changed. */
export async function resolveGap(db: Db, fingerprintHash: string, resolution: GapResolution | null): Promise<number> {
  const r = await db.query(
    `UPDATE gaps SET extra = CASE WHEN $2::jsonb IS NULL THEN extra - 'resolution'
       ELSE extra || jsonb_build_object('resolution', $2::jsonb) END WHERE fingerprint_hash = $1`,
    [fingerprintHash, resolution ? JSON.stringify(resolution) : null],
  );
  return r.rowCount ?? 0;
}
