/**
 * Run by the bench in a fresh process (so resident memory is the knowledge base's, not the bench's):
 * loads a knowledge folder the way the bot does, edits one article and reloads, then times a 10 KB
 * paste and chat messages against the loaded base. Prints one JSON line. Runs under tsx or, transpiled
 * next to `dist/src` (see perf.ts), from compiled JS as `npm start` does; `rssModules` is the resident
 * memory with the modules loaded and no article read, so the base's own share can be told apart.
 */
import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { diagnose } from '../src/core/diagnose.js';
import { KnowledgeHolder } from '../src/knowledge-holder.js';
import { silentLogger } from '../src/observability/log.js';
import { CHAT, measureServing, pasteOfSize, TEN_KB_ERROR } from './measure.js';

const [dir, verdictFile] = process.argv.slice(2) as [string, string];

/**
 * Resident memory once the collector's freeing is done. V8 hands pages a GC emptied back to the system
 * on a background thread, some hundreds of milliseconds after `gc()` returns: measured at once, RSS
 * still counts 20–30 MB at 5,000 articles that no running bot keeps. Collects again every 250 ms until it
 * stops falling (≤ 3 s); `rssAtGc` is the figure right after the first forced GC, for comparison.
 */
async function settledRss(): Promise<number> {
  let last = process.memoryUsage().rss;
  for (let i = 0; i < 12; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    global.gc?.();
    const now = process.memoryUsage().rss;
    if (now > last - 256 * 1024) return Math.min(now, last);
    last = now;
  }
  return last;
}
global.gc?.();
const rssModules = process.memoryUsage().rss;
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const started = performance.now();
const cpu = process.cpuUsage();
const holder = await KnowledgeHolder.load(dir, silentLogger, undefined, { verdictFile });
const loadMs = performance.now() - started;
// CPU time as well: on a shared machine the wall time mostly measures the other processes.
const { user, system } = process.cpuUsage(cpu);
const loadCpuMs = (user + system) / 1000;
loop.disable();
global.gc?.();
const rssAtGc = process.memoryUsage().rss;
const rss = await settledRss();
const { heapUsed, heapTotal, external } = process.memoryUsage();

// A hot reload after one article changed: only that file is parsed again.
const family = (await readdir(dir))[0] as string;
const file = path.join(dir, family, ((await readdir(path.join(dir, family))) as string[])[0] as string);
await appendFile(file, '\nOne more line in the details, for the reload figure.\n');
const t = performance.now();
await holder.reload();
const reloadMs = performance.now() - t;

const kb = holder.current;
const paste = pasteOfSize(10_000, TEN_KB_ERROR);
// Timed with the event loop turning between calls, as a bot serving events does (see measureServing).
const tenKb = (await measureServing(() => diagnose(paste, kb), { budgetMs: 1_500 })).median;
let i = 0;
const chat = (await measureServing(() => diagnose(CHAT[i++ % CHAT.length] as string, kb), { budgetMs: 1_000 })).median;
console.log(
  JSON.stringify({
    articles: kb.articles.length,
    loadMs,
    loadCpuMs,
    rss,
    rssAtGc,
    rssModules,
    heapUsed,
    heapTotal,
    external,
    maxBlockMs: loop.max / 1e6,
    reloadMs,
    tenKbUs: tenKb,
    chatUs: chat,
  }),
);
await holder.close();
