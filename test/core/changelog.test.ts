import { describe, expect, it } from 'vitest';
import { changelogSource, compareVersions, daysSince, parseReleases, releasesSince } from '../../src/core/knowledge/changelog.js';

const SDK_STYLE = `# Changelog

## [1.15.0](https://github.com/o/r/compare/v1.14.0...v1.15.0) (2026-12-01)

### Features
* something

## 1.14.0 (2026-11-24)

## 1.13.2 (2026-10-02)
`;

const UNDATED = `# Changelog

## 2.1.242

- Fixed a thing

## 2.1.241

## 2.1.240
`;

describe('changelog releases', () => {
  it('reads versions and dates from SDK-style headings, newest first', () => {
    expect(parseReleases(SDK_STYLE)).toEqual([
      { version: '1.15.0', date: '2026-12-01' },
      { version: '1.14.0', date: '2026-11-24' },
      { version: '1.13.2', date: '2026-10-02' },
    ]);
  });

  it('reads undated headings (Claude Code style)', () => {
    expect(parseReleases(UNDATED).map((r) => r.version)).toEqual(['2.1.242', '2.1.241', '2.1.240']);
    expect(parseReleases(UNDATED).every((r) => r.date === null)).toBe(true);
  });

  it('counts releases after the verification date when releases are dated', () => {
    expect(releasesSince(parseReleases(SDK_STYLE), '2026-11-20', undefined)?.map((r) => r.version)).toEqual(['1.15.0', '1.14.0']);
  });

  it('counts releases above applies_to when it is given (dated or not)', () => {
    expect(releasesSince(parseReleases(UNDATED), '2026-11-20', '2.1.240')?.map((r) => r.version)).toEqual(['2.1.242', '2.1.241']);
    expect(releasesSince(parseReleases(SDK_STYLE), null, '1.14.0')?.map((r) => r.version)).toEqual(['1.15.0']);
  });

  it('cannot tell for undated releases without applies_to', () => {
    expect(releasesSince(parseReleases(UNDATED), '2026-11-20', undefined)).toBeNull();
  });

  it('compares versions numerically, pre-releases first', () => {
    expect(compareVersions('2.1.10', '2.1.9')).toBe(1);
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBe(-1);
    expect(compareVersions('0.75.0', '0.75.0')).toBe(0);
  });

  it('recognises changelog sources and counts days', () => {
    expect(changelogSource('https://github.com/anthropics/claude-code/blob/main/CHANGELOG.md')).toEqual({
      owner: 'anthropics',
      repo: 'claude-code',
      path: 'CHANGELOG.md',
    });
    expect(changelogSource('https://github.com/anthropics/claude-code/issues/1')).toBeNull();
    expect(daysSince('2026-11-04', new Date('2026-12-04T12:00:00Z'))).toBe(30);
  });
});
