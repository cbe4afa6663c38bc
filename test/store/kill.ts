import { spawn } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { expect } from 'vitest';
import { silentLogger } from '../../src/observability/log.js';
import { openStore } from '../../src/store/index.js';
import { ROOT } from '../helpers/kb.js';

/**
 * The kill test, for any engine: a child process (kill-child.ts) writes answers, votes and claims
 * through `openStore` and acknowledges each once the store said it is durable; the child is SIGKILLed
 * at a random moment, the store is opened again (the real recovery path) and every acknowledged record
 * must be there, the store healthy. `env` chooses the engine (DATA_DIR, or DATABASE_URL for PostgreSQL).
 */
export interface KillTestOptions {
  env: Record<string, string>;
  runs: number;
  /** Milliseconds of writing before the kill: a random value in this range. */
  window?: [number, number];
  seed?: number;
  log?: (line: string) => void;
}

export interface KillTestResult {
  runs: number;
  acknowledged: { answers: number; votes: number; claims: number };
  lost: { answers: number; votes: number; claims: number };
  seed: number;
  /** lowdb: compactions finished by each writer, and kills that landed while one was under way. */
  compactions: Record<string, number>;
  killedMidCompaction: Record<string, number>;
}

export async function runKillTest(opts: KillTestOptions): Promise<KillTestResult> {
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const [lo, hi] = opts.window ?? [50, 600];
  const acked = { answers: new Set<string>(), votes: new Map<string, { up: number; down: number }>(), claims: new Set<string>() };
  const result: KillTestResult = {
    runs: 0,
    acknowledged: { answers: 0, votes: 0, claims: 0 },
    lost: { answers: 0, votes: 0, claims: 0 },
    seed,
    compactions: {},
    killedMidCompaction: {},
  };
  try {
    await killRuns(opts, random, acked, result, [lo, hi]);
  } finally {
    await rm(await writerDir(), { recursive: true, force: true });
    compiled = undefined;
  }
  result.acknowledged = { answers: acked.answers.size, votes: countVotes(acked.votes), claims: acked.claims.size };
  return result;
}

type Acked = { answers: Set<string>; votes: Map<string, { up: number; down: number }>; claims: Set<string> };

function countVotes(votes: Acked['votes']): number {
  let n = 0;
  for (const v of votes.values()) n += v.up + v.down;
  return n;
}

async function killRuns(opts: KillTestOptions, random: () => number, acked: Acked, result: KillTestResult, [lo, hi]: [number, number]) {
  const { seed } = result;
  for (let run = 0; run < opts.runs; run++) {
    const lines = await runChildUntilKilled(opts.env, run, lo + random() * (hi - lo));
    let compacting: string | null = null;
    for (const line of lines) {
      const [kind, a, b, value] = line.split(' ');
      if (kind === 'K') {
        compacting = a === 'start' ? (b as string) : null;
        if (a === 'done') result.compactions[b as string] = (result.compactions[b as string] ?? 0) + 1;
      } else if (kind === 'A') acked.answers.add(a as string);
      else if (kind === 'C') acked.claims.add(a as string);
      else if (kind === 'V') {
        const v = acked.votes.get(a as string) ?? { up: 0, down: 0 };
        v[value as 'up' | 'down']++;
        acked.votes.set(a as string, v);
      }
    }
    if (compacting) result.killedMidCompaction[compacting] = (result.killedMidCompaction[compacting] ?? 0) + 1;
    const lost = await verify(opts.env, acked);
    result.runs++;
    result.lost.answers += lost.answers;
    result.lost.votes += lost.votes;
    result.lost.claims += lost.claims;
    opts.log?.(`kill ${run + 1}/${opts.runs}: ${lines.length} acknowledged this run; lost so far ${JSON.stringify(result.lost)}`);
    expect(lost, `kill ${run + 1} (seed ${seed})`).toEqual({ answers: 0, votes: 0, claims: 0 });
  }
}

let compiled: Promise<string> | undefined;
/**
 * The writer and the sources it imports, transpiled once to plain JS in a tree beside the real one
 * (files stay files, so the store's on-demand import of the PostgreSQL engine still resolves, and
 * packages come from node_modules): started 50 times, compiling through tsx each time would be most of
 * the test's run time.
 */
const writerDir = async () => path.join(ROOT, 'node_modules/.cache/diagnose-bot-tests', `kill-${process.pid}`);
function writerScript(): Promise<string> {
  compiled ??= (async () => {
    const outdir = await writerDir();
    await build({
      entryPoints: [path.join(ROOT, 'src/**/*.ts'), path.join(ROOT, 'test/store/kill-child.ts')],
      outbase: ROOT,
      outdir,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    // The PostgreSQL engine reads its migrations as files next to its code.
    const migrations = 'src/store/postgres/migrations';
    await cp(path.join(ROOT, migrations), path.join(outdir, migrations), { recursive: true });
    return path.join(outdir, 'test/store/kill-child.js');
  })();
  return compiled;
}

/** Starts the writer, lets it write for `ms` after it is ready, SIGKILLs it; returns its complete acknowledgement lines. */
async function runChildUntilKilled(env: Record<string, string>, run: number, ms: number): Promise<string[]> {
  const child = spawn(process.execPath, [await writerScript(), String(run)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => {
      // Compaction lines (K …) may come before READY: the store compacts a log left by the last run as it opens.
      const check = () => (out.includes('READY\n') ? resolve(true) : setTimeout(check, 5));
      check();
    }),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000).unref()),
  ]);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`the writer did not start (run ${run}): ${err.slice(0, 2000)}`);
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  child.kill('SIGKILL');
  await exited;
  const lines = out.split('\n');
  lines.pop(); // a last line without its newline was cut by the kill: not acknowledged
  return lines.filter((l) => l !== 'READY');
}

async function verify(
  env: Record<string, string>,
  acked: { answers: Set<string>; votes: Map<string, { up: number; down: number }>; claims: Set<string> },
): Promise<{ answers: number; votes: number; claims: number }> {
  const store = await openStore(
    { dataFile: `${env.DATA_DIR}/diagnose-bot.json`, DATABASE_URL: env.DATABASE_URL, RETENTION_DAYS: 90, MAX_STORED_ANSWERS: 100_000 },
    { logger: silentLogger },
  );
  try {
    const health = await store.health();
    expect(health.ok, JSON.stringify(health)).toBe(true);
    expect(health.setAside ?? 0).toBe(0);
    // Every answer has its own article id, so the per-article figures check answers and votes at once.
    const stats = new Map((await store.articleStats({ community: 'T-kill' })).map((s) => [s.articleId, s]));
    let answers = 0;
    let votes = 0;
    let claims = 0;
    for (const id of acked.answers) if (!stats.get(id)) answers++;
    for (const [id, want] of acked.votes) {
      const have = stats.get(id) ?? { up: 0, down: 0 };
      votes += Math.max(0, want.up - have.up) + Math.max(0, want.down - have.down);
    }
    for (const key of acked.claims) if (!(await store.isClaimed(key))) claims++;
    return { answers, votes, claims };
  } finally {
    await store.close();
  }
}
