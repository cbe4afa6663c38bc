import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Adapter } from 'lowdb';
import type { AnswerRecord, ChannelSetting, ClaudeUsageDay, CommunitySettings, GapRecord, VoteRecord } from '../records.js';

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
});

/** Records per slice: small enough that serialising one slice stays around a millisecond or two. */
const SLICE = 500;

/**
 * lowdb's adapter for the document. Reading is left to recovery.ts (which validates record by record);
 * `write` streams the document in slices.
 */
export class SlicedJsonFile implements Adapter<StoreDocument> {
  constructor(readonly file: string) {}

  async read(): Promise<StoreDocument | null> {
    return null;
  }

  async write(doc: StoreDocument): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      let pending = '';
      const put = async (text: string, force = false) => {
        pending += text;
        if (pending.length >= 256 * 1024 || force) {
          await handle.write(pending);
          pending = '';
        }
      };
      await put(`{"schema":2,"answers":`);
      await writeArray(doc.answers, put);
      await put(',"votes":');
      await writeArray(doc.votes, put);
      for (const key of ['gaps', 'channels', 'communities', 'processed'] as const) {
        await put(`,${JSON.stringify(key)}:`);
        await writeObject(doc[key], put);
      }
      await put(`,"claudeUsage":${JSON.stringify(doc.claudeUsage)}}`, true);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
    await syncDirectory(path.dirname(this.file));
  }
}

type Put = (text: string, force?: boolean) => Promise<void>;

async function writeArray(items: readonly unknown[], put: Put): Promise<void> {
  await put('[');
  for (let i = 0; i < items.length; i += SLICE) {
    const parts: string[] = [];
    for (let j = i; j < Math.min(items.length, i + SLICE); j++) parts.push(JSON.stringify(items[j]));
    await put((i > 0 ? ',' : '') + parts.join(','));
    await yieldToLoop();
  }
  await put(']');
}

async function writeObject(obj: Record<string, unknown>, put: Put): Promise<void> {
  const keys = Object.keys(obj);
  await put('{');
  for (let i = 0; i < keys.length; i += SLICE) {
    const parts: string[] = [];
    for (let j = i; j < Math.min(keys.length, i + SLICE); j++) {
      const k = keys[j] as string;
      parts.push(`${JSON.stringify(k)}:${JSON.stringify(obj[k])}`);
    }
    await put((i > 0 ? ',' : '') + parts.join(','));
    await yieldToLoop();
  }
  await put('}');
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
