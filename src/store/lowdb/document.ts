import { type FileHandle, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Adapter } from 'lowdb';
import type {
  AnswerRecord,
  ChannelSetting,
  ClaudeUsageDay,
  CommunitySettings,
  CorrectionRecord,
  GapRecord,
  SolvedRecord,
  VoteRecord,
} from '../records.js';
import type { State } from './state.js';

/**
 * The data file: one JSON document (the format lowdb wrote before the write-ahead log, still readable
 * by `jq` and the import command). It is a snapshot: the truth is the document plus the log replayed on
 * top. Written only by compaction, off the hot path, in slices that give the event loop back between
 * them, to a temp file that is fsynced and renamed over the old one (a crash leaves the old or the new
 * document, never a torn one).
 */
export interface StoreDocument {
  schema: 2;
  answers: AnswerRecord[];
  votes: VoteRecord[];
  gaps: Record<string, GapRecord>;
  channels: Record<string, ChannelSetting>;
  communities: Record<string, CommunitySettings>;
  /** Claimed keys (delivery dedupe, "answered once") with the time claimed. */
  processed: Record<string, number>;
  claudeUsage: ClaudeUsageDay[];
  /** Helpers' corrections (absent in documents written before they existed). */
  corrections?: CorrectionRecord[];
  /** Solved marks by answer id (absent in documents written before they existed). */
  solved?: Record<string, SolvedRecord>;
}

export const emptyDocument = (): StoreDocument => ({
  schema: 2,
  answers: [],
  votes: [],
  gaps: {},
  channels: {},
  communities: {},
  processed: {},
  claudeUsage: [],
  corrections: [],
  solved: {},
});

/** Records per slice: small enough that serialising one slice stays well under a millisecond. */
const SLICE = 100;

/**
 * What compaction writes: the live collections, read in slices while the bot keeps running. Maps and the
 * answers array (bounded by the length when compaction began; pruning waits for compaction) may change
 * between slices; whatever changed is also in the log segment that follows, replayed after the document.
 */
export interface DocumentSource {
  answers: { list: readonly AnswerRecord[]; length: number };
  votes: Iterable<VoteRecord>;
  gaps: Iterable<[string, GapRecord]>;
  channels: Iterable<[string, ChannelSetting]>;
  communities: Iterable<[string, CommunitySettings]>;
  processed: Iterable<[string, number]>;
  claudeUsage: Iterable<ClaudeUsageDay>;
  corrections: Iterable<CorrectionRecord>;
  solved: Iterable<[string, SolvedRecord]>;
}

/**
 * lowdb's adapter for the document. Reading is left to recovery.ts (which validates record by record);
 * `write` streams the document in slices.
 */
export class SlicedJsonFile implements Adapter<DocumentSource> {
  constructor(readonly file: string) {}

  async read(): Promise<DocumentSource | null> {
    return null;
  }

  async write(doc: DocumentSource): Promise<void> {
    await replaceFile(this.file, async (handle) => {
      let pending = '';
      const put = async (text: string, force = false) => {
        pending += text;
        if (pending.length >= 64 * 1024 || force) {
          await handle.write(pending);
          pending = '';
        }
      };
      await put(`{"schema":2,"answers":`);
      await writeArray(answersOf(doc.answers), put);
      await put(',"votes":');
      await writeArray(doc.votes, put);
      for (const key of ['gaps', 'channels', 'communities', 'processed', 'solved'] as const) {
        await put(`,${JSON.stringify(key)}:`);
        await writeObject(doc[key], put);
      }
      await put(',"corrections":');
      await writeArray(doc.corrections, put);
      await put(`,"claudeUsage":${JSON.stringify([...doc.claudeUsage])}}`, true);
    });
  }
}

/**
 * Replaces `file` whole: `fill` writes a temp file next to it, which is fsynced and renamed over the
 * old one, and the directory is fsynced. A crash at any point leaves the old file or the new one.
 */
export async function replaceFile(file: string, fill: (handle: FileHandle) => Promise<void>): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await fill(handle);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  await syncDirectory(path.dirname(file));
}

type Put = (text: string, force?: boolean) => Promise<void>;

function* answersOf(a: DocumentSource['answers']): Iterable<AnswerRecord> {
  for (let i = 0; i < Math.min(a.length, a.list.length); i++) yield a.list[i] as AnswerRecord;
}

async function writeArray(items: Iterable<unknown>, put: Put): Promise<void> {
  await put('[');
  let first = true;
  for (const slice of slices(items)) {
    await put((first ? '' : ',') + slice.map((item) => JSON.stringify(item)).join(','));
    first = false;
    await yieldToLoop();
  }
  await put(']');
}

async function writeObject(entries: Iterable<[string, unknown]>, put: Put): Promise<void> {
  await put('{');
  let first = true;
  for (const slice of slices(entries)) {
    await put((first ? '' : ',') + slice.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(','));
    first = false;
    await yieldToLoop();
  }
  await put('}');
}

/** Takes SLICE items at a time; the iterator is resumed after each yield to the event loop. */
function* slices<T>(items: Iterable<T>): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === SLICE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Makes a rename or a new file in `dir` durable (the directory entry itself is fsynced). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

/** Every record as one document (copies of the collections; the records themselves are the live ones). */
export function documentOf(s: State): StoreDocument {
  return {
    schema: 2,
    answers: s.answers.slice(),
    votes: [...s.votes.values()],
    gaps: Object.fromEntries(s.gaps),
    channels: Object.fromEntries(s.channels),
    communities: Object.fromEntries(s.communities),
    processed: Object.fromEntries(s.claims),
    claudeUsage: [...s.usage.values()],
    corrections: [...s.corrections.values()],
    solved: Object.fromEntries(s.solved),
  };
}
