/**
 * Reading release lists out of changelogs, for `kb stale`: which releases appeared since an article was
 * verified. Pure: the caller reads the files.
 */

export interface Release {
  version: string;
  /** YYYY-MM-DD when the changelog dates its releases (the SDKs do; Claude Code does not). */
  date: string | null;
}

// "## 2.1.240", "## [1.14.0](https://…) (2026-11-24)", "## v0.75.0 (2025-11-24)"
const HEADING = /^#{2,3}\s+\[?v?(\d+\.\d+\.\d+(?:-[\w.]+)?)\]?(?:\([^)]*\))?(?:[^\n(]*\((\d{4}-\d{2}-\d{2})\))?/gm;

/** Releases in the order the changelog lists them (newest first, as changelogs are written). */
export function parseReleases(text: string): Release[] {
  const releases: Release[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(HEADING)) {
    const version = m[1] as string;
    if (seen.has(version)) continue;
    seen.add(version);
    releases.push({ version, date: m[2] ?? null });
  }
  return releases;
}

/** Numeric comparison of dotted versions; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [ma, pa = ''] = a.split('-', 2) as [string, string?];
  const [mb, pb = ''] = b.split('-', 2) as [string, string?];
  const na = ma.split('.').map(Number);
  const nb = mb.split('.').map(Number);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? 0) - (nb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (pa === pb) return 0;
  if (!pa) return 1;
  if (!pb) return -1;
  return pa < pb ? -1 : 1;
}

/**
 * Releases newer than what the article was checked against: by date when the changelog dates releases,
 * otherwise by version against `appliesTo` (the release the claims were checked for). Null when neither
 * can be told (the caller then reports the age only).
 */
export function releasesSince(releases: Release[], verified: string | null, appliesTo: string | undefined): Release[] | null {
  if (releases.length === 0) return null;
  if (appliesTo) return releases.filter((r) => compareVersions(r.version, appliesTo) > 0);
  if (verified && releases.some((r) => r.date)) return releases.filter((r) => r.date !== null && r.date > verified);
  return null;
}

/** `https://github.com/OWNER/REPO/blob/REF/path/CHANGELOG.md` → its repository and path, or null. */
export function changelogSource(url: string): { owner: string; repo: string; path: string } | null {
  const m = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\/blob\/[^/]+\/(.*changelog[^/]*\.md)$/i.exec(url);
  return m ? { owner: m[1] as string, repo: m[2] as string, path: m[3] as string } : null;
}

/** Whole days from `from` (YYYY-MM-DD) to `now`. */
export function daysSince(from: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The version key an article's `applies_to` uses for a repository's releases. */
export const REPO_SURFACE: Record<string, string> = {
  'anthropics/anthropic-sdk-python': 'python-sdk',
  'anthropics/anthropic-sdk-typescript': 'typescript-sdk',
  'anthropics/claude-code': 'claude-code',
  'berriai/litellm': 'litellm',
  'langchain-ai/langchain': 'langchain',
  'vercel/ai': 'vercel-ai-sdk',
};
