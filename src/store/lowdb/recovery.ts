import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../../observability/log.js';
import {
  answerSchema,
  channelSettingSchema,
  claudeUsageDaySchema,
  communitySettingsSchema,
  correctionSchema,
  gapSchema,
  solvedSchema,
  voteSchema,
} from '../records.js';
import { type Entry, gapKey, State } from './state.js';
import { listSegments } from './wal.js';

/**
 * Start-up: the document, validated record by record, then the write-ahead log replayed on top.
 * Nothing damaged stops the bot. A file that is not JSON at all is moved aside whole; a document that
 * parses but holds bad records (`answers: [null]`, `gaps: null`, a vote with no user) keeps every
 * record that validates, and what does not is written to a `.rejected-<time>.json` file next to it and
 * named in the log. A half-written last line of the log (a crash mid-append, never acknowledged) is
 * skipped; any other bad line is set aside the same way.
 */

export interface Recovered {
  state: State;
  /** The last log segment replayed (0 when none): new appends go to the next one. */
  lastSegment: number;
  /** Records set aside (not valid), for health and the log. */
  setAside: number;
}

const entrySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('a'), r: answerSchema }),
  z.object({ t: z.literal('v'), r: voteSchema }),
  z.object({ t: z.literal('vx'), a: z.string(), u: z.string() }),
  z.object({ t: z.literal('g'), k: z.string(), r: gapSchema }),
  z.object({ t: z.literal('c'), k: z.string(), r: channelSettingSchema }),
  z.object({ t: z.literal('cs'), k: z.string(), r: communitySettingsSchema }),
  z.object({ t: z.literal('p'), k: z.string(), at: z.number() }),
  z.object({ t: z.literal('u'), r: claudeUsageDaySchema }),
  z.object({ t: z.literal('x'), r: correctionSchema }),
  z.object({ t: z.literal('s'), r: solvedSchema }),
]);

type Rejected = Record<string, unknown[]>;

function reject(rejected: Rejected, kind: string, raw: unknown): void {
  const list = rejected[kind] ?? [];
  list.push(raw);
  rejected[kind] = list;
}

export interface RecoverOptions {
  /** Replay only the log segments up to this one (compaction reads the closed segments only). */
  through?: number;
  /**
   * Change nothing on disk (compaction off the main thread): a document that cannot be read is an
   * error rather than moved aside, and records that do not validate are left out without a
   * `.rejected-*` file (start-up has already set them aside and logged them).
   */
  readOnly?: boolean;
}

export async function recover(file: string, logger: Logger, opts: RecoverOptions = {}): Promise<Recovered> {
  const state = new State();
  const rejected: Rejected = {};
  const bad = opts.readOnly
    ? async (_file: string, _logger: Logger, why: string) => {
        throw new Error(`data file ${why}`);
      }
    : moveAside;
  await loadDocument(file, state, rejected, logger, bad);
  let lastSegment = 0;
  for (const seg of await listSegments(file)) {
    if (opts.through !== undefined && seg.n > opts.through) break;
    await replaySegment(seg.file, state, rejected, logger);
    lastSegment = seg.n;
  }
  state.sortAnswers();
  const orphans = state.dropOrphanVotes();
  if (orphans > 0 && !opts.readOnly) logger.warn({ file, orphans }, 'dropped votes on answers that are no longer stored');
  const setAside = Object.values(rejected).reduce((n, list) => n + list.length, 0);
  if (setAside > 0 && !opts.readOnly) {
    const aside = `${file}.rejected-${stamp()}.json`;
    await writeFile(aside, JSON.stringify(rejected, null, 1)).catch((err) =>
      logger.error({ err, aside }, 'could not write the rejected records'),
    );
    const counts = Object.fromEntries(Object.entries(rejected).map(([k, v]) => [k, v.length]));
    logger.error({ file, setAsideTo: aside, counts }, `${setAside} stored records did not validate; set them aside and kept the rest`);
  }
  return { state, lastSegment, setAside };
}

async function loadDocument(
  file: string,
  state: State,
  rejected: Rejected,
  logger: Logger,
  bad: (file: string, logger: Logger, why: string) => Promise<void>,
): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    return bad(file, logger, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return bad(file, logger, `is not valid JSON (${(err as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !('schema' in doc) || ![1, 2].includes(doc.schema as number)) {
    return bad(file, logger, 'does not have the expected shape');
  }
  const d = doc as Record<string, unknown>;
  for (const r of list(d, 'answers', rejected)) take(answerSchema, r, 'answers', rejected, (a) => state.apply({ t: 'a', r: a }));
  for (const r of list(d, 'votes', rejected)) take(voteSchema, r, 'votes', rejected, (v) => state.apply({ t: 'v', r: v }));
  for (const r of Object.values(dict(d, 'gaps', rejected))) {
    take(gapSchema, r, 'gaps', rejected, (g) => state.apply({ t: 'g', k: gapKey(g.community, g.fingerprintHash), r: g }));
  }
  for (const [k, r] of Object.entries(dict(d, 'channels', rejected)))
    take(channelSettingSchema, r, 'channels', rejected, (c) => state.apply({ t: 'c', k, r: c }));
  for (const [k, r] of Object.entries(dict(d, 'communities', rejected)))
    take(communitySettingsSchema, r, 'communities', rejected, (c) => state.apply({ t: 'cs', k, r: c }));
  for (const [k, at] of Object.entries(dict(d, 'processed', rejected))) {
    if (typeof at === 'number' && Number.isFinite(at)) state.apply({ t: 'p', k, at });
    else reject(rejected, 'processed', { [k]: at });
  }
  for (const r of list(d, 'claudeUsage', rejected))
    take(claudeUsageDaySchema, r, 'claudeUsage', rejected, (u) => state.apply({ t: 'u', r: u }));
  for (const r of list(d, 'corrections', rejected))
    take(correctionSchema, r, 'corrections', rejected, (c) => state.apply({ t: 'x', r: c }));
  for (const r of Object.values(dict(d, 'solved', rejected)))
    take(solvedSchema, r, 'solved', rejected, (x) => state.apply({ t: 's', r: x }));
}

function list(d: Record<string, unknown>, key: string, rejected: Rejected): unknown[] {
  const v = d[key];
  if (Array.isArray(v)) return v;
  if (v !== undefined) reject(rejected, key, v);
  return [];
}

function dict(d: Record<string, unknown>, key: string, rejected: Rejected): Record<string, unknown> {
  const v = d[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  if (v !== undefined) reject(rejected, key, v);
  return {};
}

function take<T>(schema: z.ZodType<T>, raw: unknown, kind: string, rejected: Rejected, use: (value: T) => void): void {
  const parsed = schema.safeParse(raw);
  if (parsed.success) use(parsed.data);
  else reject(rejected, kind, raw);
}

async function replaySegment(file: string, state: State, rejected: Rejected, logger: Logger): Promise<void> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  let applied = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      if (i === lines.length - 1 && !complete) {
        logger.warn({ file }, 'skipped a half-written last log entry (a crash during the write; it was never acknowledged)');
      } else reject(rejected, 'log', line);
      continue;
    }
    const parsed = entrySchema.safeParse(raw);
    if (parsed.success) {
      state.apply(parsed.data as Entry);
      applied++;
    } else reject(rejected, 'log', raw);
  }
  logger.debug({ file, applied }, 'replayed the store log');
}

async function moveAside(file: string, logger: Logger, why: string): Promise<void> {
  const aside = `${file}.corrupt-${stamp()}`;
  try {
    await rename(file, aside);
    logger.error({ file, movedTo: aside }, `data file ${why}; moved it aside and started a fresh store`);
  } catch (err) {
    logger.error({ file, err }, `data file ${why} and could not be moved aside; starting a fresh store in memory`);
  }
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
