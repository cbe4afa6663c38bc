import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { changelogSource, daysSince, parseReleases, REPO_SURFACE, type Release, releasesSince } from '../core/knowledge/changelog.js';
import type { Article } from '../core/types.js';

export interface StaleRow {
  id: string;
  verified: string | null;
  ageDays: number | null;
  /** Per changelog the article cites and that is on this machine: the releases since it was checked. */
  releases: Array<{ repo: string; since: Release[] | null }>;
}

/** Where a cited changelog can be read locally: a folder of changelogs, or an installed package. */
export class ChangelogFinder {
  private packages: Map<string, string> | null = null;
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(
    private readonly changelogDir: string | undefined,
    private readonly nodeModules: string,
  ) {}

  read(owner: string, repo: string, file: string): Promise<string | null> {
    const key = `${owner}/${repo}/${file}`.toLowerCase();
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.locate(owner, repo, file);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private async locate(owner: string, repo: string, file: string): Promise<string | null> {
    const candidates: string[] = [];
    if (this.changelogDir) {
      candidates.push(
        path.join(this.changelogDir, `${owner}+${repo}`, file),
        path.join(this.changelogDir, owner, repo, file),
        path.join(this.changelogDir, `${owner}+${repo}`, path.basename(file)),
      );
    }
    const pkg = (await this.packageDirs()).get(`${owner}/${repo}`.toLowerCase());
    if (pkg) candidates.push(path.join(pkg, path.basename(file)));
    for (const c of candidates) {
      const text = await readFile(c, 'utf8').catch(() => null);
      if (text !== null) return text;
    }
    return null;
  }

  /** Installed packages by the GitHub repository their package.json names. */
  private async packageDirs(): Promise<Map<string, string>> {
    if (this.packages) return this.packages;
    const found = new Map<string, string>();
    const dirs: string[] = [];
    for (const name of await readdir(this.nodeModules).catch(() => [] as string[])) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) {
        for (const sub of await readdir(path.join(this.nodeModules, name)).catch(() => [] as string[]))
          dirs.push(path.join(this.nodeModules, name, sub));
      } else dirs.push(path.join(this.nodeModules, name));
    }
    for (const dir of dirs) {
      const meta = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => null);
      if (!meta) continue;
      try {
        const repository = (JSON.parse(meta) as { repository?: string | { url?: string } }).repository;
        const url = typeof repository === 'string' ? repository : (repository?.url ?? '');
        const m = /github(?:\.com[/:]|:)([\w.-]+)\/([\w.-]+?)(?:\.git)?$/i.exec(url);
        if (m) found.set(`${m[1]}/${m[2]}`.toLowerCase(), dir);
      } catch {
        // a package.json we cannot read names no repository
      }
    }
    this.packages = found;
    return found;
  }
}

/** Articles not verified for `days` days (never-verified first, then oldest first), with releases since. */
export async function staleArticles(articles: Article[], days: number, now: Date, finder: ChangelogFinder): Promise<StaleRow[]> {
  const rows: StaleRow[] = [];
  for (const a of articles) {
    const ageDays = a.verified ? daysSince(a.verified, now) : null;
    if (ageDays !== null && ageDays < days) continue;
    const releases: StaleRow['releases'] = [];
    const seen = new Set<string>();
    for (const url of a.sources) {
      const src = changelogSource(url);
      if (!src) continue;
      const repo = `${src.owner}/${src.repo}`;
      if (seen.has(repo.toLowerCase())) continue;
      seen.add(repo.toLowerCase());
      const text = await finder.read(src.owner, src.repo, src.path);
      if (text === null) continue;
      const surface = REPO_SURFACE[repo.toLowerCase()];
      const appliesTo = surface ? (a.appliesTo as Record<string, string | undefined>)[surface] : undefined;
      releases.push({ repo, since: releasesSince(parseReleases(text), a.verified, appliesTo) });
    }
    rows.push({ id: a.id, verified: a.verified, ageDays, releases });
  }
  return rows.sort((x, y) => (y.ageDays ?? Number.POSITIVE_INFINITY) - (x.ageDays ?? Number.POSITIVE_INFINITY) || x.id.localeCompare(y.id));
}

export function formatStaleRow(row: StaleRow): string {
  const age = row.verified ? `verified ${row.verified} (${row.ageDays} days ago)` : 'never verified';
  const lines = [`${row.id.padEnd(48)} ${age}`];
  for (const r of row.releases) {
    if (r.since === null) lines.push(`  ${r.repo}: changelog read, but its releases cannot be dated against this article`);
    else if (r.since.length === 0) lines.push(`  ${r.repo}: no release since`);
    else {
      const names = r.since.slice(0, 8).map((x) => x.version);
      const more = r.since.length > 8 ? ` (+${r.since.length - 8} more)` : '';
      lines.push(`  ${r.repo}: ${r.since.length} release(s) since: ${names.join(', ')}${more}`);
    }
  }
  return lines.join('\n');
}
