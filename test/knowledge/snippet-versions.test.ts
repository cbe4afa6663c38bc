import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CodeBlock, extractBlocks } from '../helpers/code-blocks.js';
import { KNOWLEDGE_DIR } from '../helpers/kb.js';

/**
 * SDK members that knowledge snippets use and that older SDK releases lack. A reader on such a release who
 * copies the block gets a compile error (TypeScript) or an AttributeError / wrong endpoint (Python), so the
 * article must say which version the block needs: one of `versions` must appear in the article's text.
 * Each first version was found by type-checking the blocks against the published packages (`npm pack`) or by
 * reading the Python SDK at its tags; see knowledge/VERIFICATION-SNIPPET-SWEEP.md.
 */
interface Rule {
  langs: readonly string[];
  /** What the block uses. */
  uses: RegExp;
  /** The article must name one of these versions (first version with it, or last version without it). */
  versions: readonly string[];
  why: string;
}

const TS = ['ts', 'typescript', 'js', 'javascript'];
const PY = ['python', 'py'];

const RULES: Rule[] = [
  { langs: TS, uses: /\.requestID\b/, versions: ['0.41.0', '0.50'], why: 'APIError.requestID: 0.50.1 (0.25.0–0.41.0: request_id)' },
  { langs: TS, uses: /\.errorCode\b/, versions: ['1.5.0'], why: 'APIError.errorCode: 1.5.0' },
  { langs: TS, uses: /\.stop_details\b/, versions: ['0.82.0'], why: 'Message.stop_details: 0.82.0' },
  { langs: TS, uses: /\bmessages\.batches\b/, versions: ['0.33.0'], why: 'non-beta client.messages.batches: 0.33.0' },
  { langs: TS, uses: /\bContentBlockParam\b/, versions: ['0.33.0'], why: 'Anthropic.ContentBlockParam: 0.33.0' },
  { langs: TS, uses: /['"]redacted_thinking['"]/, versions: ['0.37.0'], why: 'thinking block params: 0.37.0' },
  { langs: TS, uses: /region:\s*['"]global['"]/, versions: ['0.13.0'], why: 'AnthropicVertex global endpoint: vertex-sdk 0.13.0' },
  { langs: PY, uses: /\bmessages\.batches\b/, versions: ['0.41.0'], why: 'non-beta client.messages.batches: 0.41.0' },
  { langs: PY, uses: /\bmessages\.count_tokens\b/, versions: ['0.41.0'], why: 'client.messages.count_tokens: 0.41.0' },
  { langs: PY, uses: /\bmodels\.list\(/, versions: ['0.41.0'], why: 'client.models.list(): 0.41.0' },
  { langs: PY, uses: /\boutput_config\b/, versions: ['0.77.0', '0.78.0'], why: 'output_config=: 0.77.0 (effort typed 0.78.0)' },
  { langs: PY, uses: /region\s*=\s*["']global["']/, versions: ['0.56.0'], why: 'AnthropicVertex global endpoint: 0.56.0' },
];

/** Rules a block breaks: it uses the member and its article names none of the versions. */
function missingNotes(blocks: CodeBlock[], articleText: (b: CodeBlock) => string): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    for (const r of RULES) {
      if (!r.langs.includes(b.lang) || !r.uses.test(b.code)) continue;
      const text = articleText(b);
      if (!r.versions.some((v) => text.includes(v))) out.push(`${b.key} (${b.lang}): ${r.why}, not stated in the article`);
    }
  }
  return out;
}

describe('version-dependent SDK members in knowledge snippets', () => {
  const blocks = extractBlocks(KNOWLEDGE_DIR, [...TS, ...PY]);
  const text = (b: CodeBlock) => readFileSync(b.file, 'utf8');

  it('finds the blocks and every rule matches at least one block', () => {
    expect(blocks.length).toBeGreaterThan(80);
    const unused = RULES.filter((r) => !blocks.some((b) => r.langs.includes(b.lang) && r.uses.test(b.code))).map((r) => r.why);
    expect(unused).toEqual([]);
  });

  it('every block that uses a version-dependent member sits in an article that states the version', () => {
    expect(missingNotes(blocks, text)).toEqual([]);
  });

  it('reports a block whose article does not state the version (the sample-9 requestID snippet)', () => {
    const block: CodeBlock = {
      key: 'x#1',
      article: 'x',
      file: 'x.md',
      line: 1,
      lang: 'ts',
      code: 'if (e instanceof Anthropic.APIError) console.log(e.requestID);',
    };
    expect(missingNotes([block], () => 'no version here')).toEqual([
      'x#1 (ts): APIError.requestID: 0.50.1 (0.25.0–0.41.0: request_id), not stated in the article',
    ]);
    expect(missingNotes([block], () => '0.41.0 and older name it request_id')).toEqual([]);
  });
});
