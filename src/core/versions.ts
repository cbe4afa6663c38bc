import type { Surface } from './types.js';

/** SDK and tool versions named in a paste (`@anthropic-ai/sdk@1.2.3`, `anthropic==0.40.0`, `claude-code 2.1.0`). */
export interface VersionPattern {
  surface: Surface;
  pattern: RegExp;
  /** A substring every match contains: the pattern runs only when it is present. */
  gate: string;
}
const VERSION_SEP = `[\\s@=:"'^~v/(-]{1,5}`;
const SEMVER = '(\\d{1,3}\\.\\d{1,4}\\.\\d{1,4}(?:-[a-z0-9.]{1,20})?)';
export const VERSION_PATTERNS: VersionPattern[] = [
  {
    surface: 'typescript-sdk',
    gate: '@anthropic-ai/sdk',
    pattern: new RegExp(`@anthropic-ai/sdk${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'vercel-ai-sdk',
    gate: '@ai-sdk/anthropic',
    pattern: new RegExp(`@ai-sdk/anthropic${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'langchain',
    gate: 'langchain',
    pattern: new RegExp(`langchain[-_]anthropic${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'litellm',
    gate: 'litellm',
    pattern: new RegExp(`\\blitellm${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'claude-code',
    gate: 'claude',
    pattern: new RegExp(`(?:claude[ -]code(?: version)?|@anthropic-ai/claude-code)${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'python-sdk',
    gate: 'anthropic',
    pattern: new RegExp(`(?:\\banthropic(?:==|>=|~=| version |/python |-| |/)v?|anthropic-sdk-python/v?)${SEMVER}`, 'gi'),
  },
];
