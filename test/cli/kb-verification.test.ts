import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { articleText, ROOT } from '../helpers/kb.js';

const run = promisify(execFile);

async function kb(args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'src/cli/kb.ts'), ...args], { cwd: ROOT });
    return { stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; code: number };
    return { stdout: e.stdout, code: e.code };
  }
}

const CHANGELOG_URL = 'https://github.com/acme/tool/blob/main/CHANGELOG.md';

async function knowledge(articles: Array<{ id: string; extra: string }>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kb-verified-'));
  await mkdir(path.join(dir, 'test-family'));
  for (const a of articles) {
    const text = articleText({ id: a.id, signatures: [`a distinctive ${a.id} message`], extra: a.extra }).replace(
      '  - https://docs.claude.com/en/api/errors',
      `  - https://docs.claude.com/en/api/errors\n  - ${CHANGELOG_URL}`,
    );
    await writeFile(path.join(dir, 'test-family', `${a.id}.md`), text);
  }
  return dir;
}

describe('kb check: verification dates', () => {
  it('fails on an article with no verification date, naming the file and field', async () => {
    const dir = await knowledge([
      { id: 'dated-article', extra: 'verified: 2026-11-30' },
      { id: 'undated-article', extra: '' },
    ]);
    const { stdout, code } = await kb(['check', '--kb', dir]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error: test-family\/undated-article\.md \[verified\]/);
    expect(stdout).not.toMatch(/family\/dated-article\.md \[verified\]/);
  });

  it('refuses a malformed or future date', async () => {
    const bad = await knowledge([{ id: 'bad-date', extra: 'verified: last week' }]);
    expect((await kb(['check', '--kb', bad])).stdout).toMatch(/bad-date\.md \[verified\]: expected a date/);
    const future = await knowledge([{ id: 'future-date', extra: 'verified: 2999-01-01' }]);
    expect((await kb(['check', '--kb', future])).stdout).toMatch(/in the future/);
  });
});

describe('kb stale', () => {
  it('lists articles older than N days, never-verified and oldest first, with releases since from a local changelog', async () => {
    const dir = await knowledge([
      { id: 'fresh-article', extra: `verified: ${new Date().toISOString().slice(0, 10)}` },
      { id: 'old-article', extra: 'verified: 2025-01-10\napplies_to:\n  claude-code: 2.0.1' },
      { id: 'older-article', extra: 'verified: 2024-06-01' },
      { id: 'never-article', extra: '' },
    ]);
    const changelogs = await mkdtemp(path.join(tmpdir(), 'changelogs-'));
    await mkdir(path.join(changelogs, 'acme+tool'));
    await writeFile(
      path.join(changelogs, 'acme+tool', 'CHANGELOG.md'),
      '# Changelog\n\n## 3.0.0 (2025-02-01)\n\n## 2.9.0 (2024-12-01)\n\n## 2.0.0 (2024-05-01)\n',
    );
    const { stdout, code } = await kb(['stale', '--days', '30', '--kb', dir, '--changelogs', changelogs, '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<{ id: string; releases: Array<{ repo: string; since: Array<{ version: string }> | null }> }>;
    expect(rows.map((r) => r.id)).toEqual(['never-article', 'older-article', 'old-article']);
    const older = rows.find((r) => r.id === 'older-article');
    expect(older?.releases[0]?.since?.map((r) => r.version)).toEqual(['3.0.0', '2.9.0']);
    const old = rows.find((r) => r.id === 'old-article');
    expect(old?.releases[0]?.since?.map((r) => r.version)).toEqual(['3.0.0']);
  });

  it('asks for --days', async () => {
    const { stdout, code } = await kb(['stale']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});
