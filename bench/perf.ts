import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import ts from 'typescript';
import { analyseNow } from '../src/analysis/inline.js';
import { PoolAnalyser } from '../src/analysis/pool.js';
import { diagnose } from '../src/core/diagnose.js';
import type { KnowledgeBase } from '../src/core/knowledge/index.js';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { silentLogger } from '../src/observability/log.js';
import { CHAT, fmt, measure, pasteOfSize, summarise, TEN_KB_ERROR } from './measure.js';
import type { BenchSection } from './sections.js';
import { writeSyntheticKnowledge } from './synthetic.js';

/** The cheapest matcher imaginable: lower-case the paste, `includes` for every literal signature. */
function literalFloor(kb: KnowledgeBase): (text: string) => number {
  const literals = kb.articles.flatMap((a) => a.signatures.flatMap((s) => (s.kind === 'literal' ? [s.needle] : [])));
  return (text) => {
    const lower = text.toLowerCase();
    let hits = 0;
    for (const l of literals) if (lower.includes(l)) hits++;
    return hits;
  };
}

async function againstFloor(kb: KnowledgeBase): Promise<void> {
  const floor = literalFloor(kb);
  const paste = pasteOfSize(10_000, TEN_KB_ERROR);
  const f = measure(() => floor(paste), { budgetMs: 2_000 });
  const d = measure(() => diagnose(paste, kb), { budgetMs: 2_000 });
  console.log(
    `10 KB paste: diagnose() median ${fmt(d.median)}, literal floor ${fmt(f.median)}: ×${(d.median / f.median).toFixed(2)} (goal ≤ ×1.5)`,
  );
  let i = 0;
  const chatCore = measure(() => diagnose(CHAT[i++ % CHAT.length] as string, kb), { budgetMs: 1_500 });
  let j = 0;
  const chatFloor = measure(() => floor(CHAT[j++ % CHAT.length] as string), { budgetMs: 1_500 });
  const perSecond = (us: number) => Math.round(1e6 / us).toLocaleString('en-US');
  console.log(
    `chat messages through the core: ${perSecond(chatCore.median)}/s (median ${fmt(chatCore.median)}); literal floor ${perSecond(chatFloor.median)}/s (median ${fmt(chatFloor.median)})`,
  );
}

/** Times `work` repeatedly and, meanwhile, how long the main thread was held (event-loop delay, 1 ms resolution). */
async function endToEnd(work: () => Promise<unknown>, runs: number): Promise<{ median: number; maxBlockMs: number }> {
  await work();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const samples: number[] = [];
  loop.enable();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    samples.push((performance.now() - t) * 1000);
    await new Promise((r) => setImmediate(r));
  }
  loop.disable();
  return { median: summarise(samples).median, maxBlockMs: loop.max / 1e6 };
}

async function largePaste(kb: KnowledgeBase): Promise<void> {
  const paste = pasteOfSize(512 * 1024, TEN_KB_ERROR);
  const opts = { strictThreshold: 0.7, lenientThreshold: 0.4 };
  const pool = new PoolAnalyser({ threads: 1, inlineMaxBytes: 32 * 1024, budgetMs: 10_000, workerMaxMemoryMb: 256, logger: silentLogger });
  try {
    await pool.warm(kb);
    const inline = await endToEnd(async () => analyseNow(paste, kb, opts), 15);
    const pooled = await endToEnd(() => pool.analyse(paste, kb, opts), 15);
    console.log(
      `512 KB paste, redact + diagnose: in the worker pool median ${fmt(pooled.median)}, main thread blocked at most ${pooled.maxBlockMs.toFixed(1)} ms (goal ≤ 50 ms and ≤ 20 ms)`,
    );
    console.log(
      `  (the same inline on the main thread: median ${fmt(inline.median)}, main thread blocked up to ${inline.maxBlockMs.toFixed(1)} ms)`,
    );

    // Where a worker round trip starts to pay: the inline cut-off (ANALYSIS_INLINE_MAX_BYTES) comes from here.
    const widths = [10, 16, 16];
    console.log(`${'paste'.padEnd(widths[0] as number)}  ${'inline median'.padEnd(widths[1] as number)}  pool round trip median`);
    for (const size of [1_000, 4_000, 16_000, 32_000, 64_000, 128_000]) {
      const p = pasteOfSize(size, TEN_KB_ERROR);
      const a = await endToEnd(async () => analyseNow(p, kb, opts), 40);
      const forced = new PoolAnalyser({ threads: 1, inlineMaxBytes: 0, budgetMs: 10_000, workerMaxMemoryMb: 256, logger: silentLogger });
      await forced.warm(kb);
      const b = await endToEnd(() => forced.analyse(p, kb, opts), 40);
      await forced.close();
      console.log(
        `${`${(size / 1000).toFixed(0)} KB`.padEnd(widths[0] as number)}  ${`${fmt(a.median)} (blocks ${a.maxBlockMs.toFixed(1)} ms)`.padEnd(28)}  ${fmt(b.median)} (blocks ${b.maxBlockMs.toFixed(1)} ms)`,
      );
    }
  } finally {
    await pool.close();
  }
}

const run = promisify(execFile);

/** Newest modification time of the `.ts` files under `dir`. */
async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * How the load child runs. Production runs compiled JS (`npm start`), so by default the child is
 * transpiled next to a fresh `dist/src` (`npm run build`) and runs without tsx, whose loader and
 * compiled modules would add ~40 MB of resident memory no bot carries. Without a fresh build, or with
 * `--tsx`, it runs under tsx and the output says so.
 */
async function loadChild(): Promise<{ args: string[]; label: string }> {
  const tsxArgs = ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench/kb-child.ts')];
  const built = path.join(PROJECT_ROOT, 'dist/src/main.js');
  if (process.argv.includes('--tsx')) return { args: tsxArgs, label: 'under tsx (--tsx)' };
  if (!existsSync(built) || statSync(built).mtimeMs < (await newestSource(path.join(PROJECT_ROOT, 'src')))) {
    return { args: tsxArgs, label: 'under tsx: dist/ is missing or older than src/ (run `npm run build` to measure compiled JS)' };
  }
  // The child and its helpers only, transpiled (no type check) into dist/bench so that their
  // `../src/…` imports resolve to the compiled modules.
  const out = path.join(PROJECT_ROOT, 'dist/bench');
  await mkdir(out, { recursive: true });
  for (const name of ['kb-child', 'measure']) {
    const source = await readFile(path.join(PROJECT_ROOT, `bench/${name}.ts`), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
    await writeFile(path.join(out, `${name}.js`), js.outputText);
  }
  return { args: [path.join(out, 'kb-child.js')], label: 'from compiled JS (dist/, as `npm start` runs; no tsx)' };
}

/** The V8 flags `npm start` gives node (e.g. the young-generation cap), so the child runs as the bot does. */
async function startFlags(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return (pkg.scripts.start ?? '').split(/\s+/).filter((word) => word.startsWith('--'));
}

async function knowledgeLoad(): Promise<void> {
  const child = await loadChild();
  const flags = await startFlags();
  console.log(`each row a fresh process, the bot's modules ${child.label}; node flags as \`npm start\`: ${flags.join(' ') || 'none'}`);
  console.log(
    'articles  verdicts  load (CPU)          RSS after load (modules alone; at first GC)  heap used/total  longest block  reload (1 file)  10 KB median  chat median',
  );
  for (const count of [1_000, 5_000]) {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-kb-'));
    try {
      await writeSyntheticKnowledge(path.join(dir, 'knowledge'), count);
      const verdictFile = path.join(dir, 'data', 'regex-verdicts.json');
      for (const label of ['cold', 'cached']) {
        const { stdout } = await run(process.execPath, ['--expose-gc', ...flags, ...child.args, path.join(dir, 'knowledge'), verdictFile], {
          cwd: PROJECT_ROOT,
          maxBuffer: 1 << 20,
          timeout: 300_000,
        });
        const r = JSON.parse(stdout.trim().split('\n').at(-1) as string);
        const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
        console.log(
          `${String(r.articles).padEnd(8)}  ${label.padEnd(8)}  ${`${fmt(r.loadMs * 1000)} (${fmt(r.loadCpuMs * 1000)})`.padEnd(18)}  ${`${mb(r.rss)} (${mb(r.rssModules)}; ${mb(r.rssAtGc)})`.padEnd(43)}  ${`${mb(r.heapUsed)}/${mb(r.heapTotal)}`.padEnd(15)}  ${`${r.maxBlockMs.toFixed(0)} ms`.padEnd(13)}  ${fmt(r.reloadMs * 1000).padEnd(15)}  ${fmt(r.tenKbUs).padEnd(12)}  ${fmt(r.chatUs)}`,
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(
    '  ("cached": regex-safety verdicts read from the file the cold run wrote; RSS after forced GCs, once V8 has returned the freed pages; goals: ≤ 3 s, ≤ 150 MB, 10 KB ≤ 2 ms)',
  );
}

export const perfSections: BenchSection[] = [
  { title: '5. Against the literal floor (lower-case + includes over every literal signature), same run', run: againstFloor },
  { title: '6. Large pastes off the main thread (worker pool)', run: largePaste },
  { title: '7. Knowledge load at 1,000 and 5,000 synthetic articles', run: () => knowledgeLoad() },
];
