import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/kb.js';
import { freePort, waitForHttp } from '../helpers/spawn.js';

/**
 * The production path as an operator takes it: compiled JavaScript, `npm ci --omit=dev` (no tsx, no
 * TypeScript: the prepare script must step aside), `npm start`, then SIGTERM, both to the npm process
 * and to the node process it started. Nothing may be left running or holding the port and the lock.
 */

const run = promisify(execFile);
let app: string;

beforeAll(async () => {
  app = await mkdtemp(path.join(tmpdir(), 'prod-install-'));
  for (const f of ['package.json', 'package-lock.json', 'scripts', 'knowledge', 'public'])
    await cp(path.join(ROOT, f), path.join(app, f), { recursive: true });
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  await Promise.all([
    run(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(app, 'dist')], { cwd: ROOT }),
    run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: app,
      env: { ...process.env, NODE_ENV: 'production' },
    }),
  ]);
}, 300_000);
afterAll(() => rm(app, { recursive: true, force: true }));

function npmStart(env: Record<string, string>): { npm: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const npm = spawn('npm', ['start'], {
    cwd: app,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      HOT_RELOAD: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stdout?.on('data', (d) => (out += String(d)));
  npm.stderr?.on('data', (d) => (out += String(d)));
  return { npm, exited: new Promise((resolve) => npm.once('exit', (code) => resolve(code))), output: () => out };
}

/** Processes whose parent is `pid` (from /proc, Linux). */
async function childrenOf(pid: number): Promise<number[]> {
  const kids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await import('node:fs/promises').then((fs) => fs.readFile(`/proc/${entry}/stat`, 'utf8'));
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) kids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return kids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('production install', () => {
  it('has no dev tools: tsx and TypeScript are absent, dist/ is there', async () => {
    const modules = await readdir(path.join(app, 'node_modules'));
    expect(modules).not.toContain('tsx');
    expect(modules).not.toContain('typescript');
    expect(await readdir(path.join(app, 'dist/src'))).toContain('main.js');
  });

  for (const target of ['npm', 'node'] as const) {
    it(`npm start serves; SIGTERM to the ${target} process stops the bot cleanly (no orphan, port and lock released)`, async () => {
      const port = await freePort();
      const dataDir = path.join(app, `data-${target}`);
      await mkdir(dataDir, { recursive: true });
      const bot = npmStart({ PORT: String(port), DATA_DIR: dataDir });
      const url = `http://127.0.0.1:${port}`;
      expect((await waitForHttp(`${url}/livez`, 60_000)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      // npm runs the script through sh, which hands over to node: one node process below npm.
      const pid = bot.npm.pid as number;
      const below = [...(await childrenOf(pid)), ...(await Promise.all((await childrenOf(pid)).map(childrenOf))).flat()];
      const nodes = below.filter(alive);
      expect(nodes.length).toBeGreaterThan(0);
      if (target === 'npm') bot.npm.kill('SIGTERM');
      else for (const n of nodes) process.kill(n, 'SIGTERM');
      const code = await bot.exited;
      expect([0, null]).toContain(code);
      await expect.poll(() => nodes.filter(alive), { timeout: 15_000 }).toEqual([]);
      await expect(fetch(`${url}/livez`)).rejects.toThrow();
      expect(bot.output()).toContain('stopped; store flushed');
      expect(await readdir(dataDir)).not.toContain('diagnose-bot.json.lock');
    }, 120_000);
  }
});
