import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pasteBelongsElsewhere } from '../../src/core/ask.js';
import { diagnose } from '../../src/core/diagnose.js';
import { extractSignals } from '../../src/core/extract.js';
import { buildFromSources, type KnowledgeBase, loadKnowledgeBase } from '../../src/core/knowledge/index.js';
import { normalise } from '../../src/core/normalize.js';
import type { Signals } from '../../src/core/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');

let real: Promise<KnowledgeBase> | null = null;
/** The project's real knowledge base, loaded once per test file. */
export function realKb(): Promise<KnowledgeBase> {
  real ??= loadKnowledgeBase(KNOWLEDGE_DIR);
  return real;
}

/** What an auto-reply channel posts for a paste: a confident match the words around it do not send elsewhere. */
export function answeredUnprompted(text: string, kb: KnowledgeBase): boolean {
  const d = diagnose(text, kb);
  return d.matched && !pasteBelongsElsewhere(text, d);
}

export interface ArticleSpec {
  id: string;
  family?: string;
  title?: string;
  providers?: string[];
  http_status?: number | number[] | null;
  error_type?: string | null;
  sdk_exceptions?: string[];
  signatures: string[];
  extra?: string;
  body?: string;
}

/** Writes one article's markdown the way a maintainer would. */
export function articleText(spec: ArticleSpec): string {
  const family = spec.family ?? 'test-family';
  const y = (v: unknown) => JSON.stringify(v);
  return [
    '---',
    `id: ${spec.id}`,
    `title: ${y(spec.title ?? `Test article ${spec.id}`)}`,
    `family: ${family}`,
    `providers: ${y(spec.providers ?? ['anthropic'])}`,
    `http_status: ${y(spec.http_status ?? null)}`,
    `error_type: ${y(spec.error_type ?? null)}`,
    `sdk_exceptions: ${y(spec.sdk_exceptions ?? [])}`,
    'signatures:',
    ...spec.signatures.map((s) => `  - ${y(s)}`),
    'sources:',
    '  - https://docs.claude.com/en/api/errors',
    spec.extra ?? '',
    '---',
    spec.body ?? '## Cause\nA real cause for the test.\n\n## Fix\n1. Do the real thing.\n',
  ].join('\n');
}

export function kbFrom(specs: ArticleSpec[]): KnowledgeBase {
  return buildFromSources(specs.map((s) => ({ file: `${s.family ?? 'test-family'}/${s.id}.md`, text: articleText(s) })));
}

/** The article an unprompted auto-reply would give for `text`, or undefined when the bot stays silent. */
export function strictTop(kb: KnowledgeBase, text: string): string | undefined {
  const d = diagnose(text, kb);
  return d.matched ? d.candidates[0]?.id : undefined;
}

/** The first three articles shown when someone asks the bot about `text`. */
export function askedTop3(kb: KnowledgeBase, text: string): string[] {
  return diagnose(text, kb, { mode: 'lenient' })
    .candidates.slice(0, 3)
    .map((c) => c.id);
}

/** The signals the engine reads from `text`. */
export function signalsOf(text: string): Signals {
  return extractSignals(normalise(text), { binary: false, truncated: false });
}
