import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBlocks } from '../helpers/code-blocks.js';
import { KNOWLEDGE_DIR } from '../helpers/kb.js';

/**
 * The Python fixes that take message history, content blocks or tool lists must work with both shapes a reader
 * has: the SDK's reply objects (`response.content`, attribute access only) and plain dicts. py-object-inputs.py
 * runs each such block both ways with stdlib stand-ins for the SDK objects, so it needs python3 but not the
 * anthropic package (skipped when python3 is missing, like py-blocks.test.ts). The same blocks were run on the
 * real SDK objects of anthropic 0.121.0 and 1.13.0 by scripts/check-python-blocks.py.
 */

const SCRIPT = path.join(import.meta.dirname, 'py-object-inputs.py');
const hasPython = spawnSync('python3', ['--version']).status === 0;

function problems(blocks: { key: string; code: string }[]): string[] {
  const r = spawnSync('python3', [SCRIPT], { input: JSON.stringify(blocks), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

describe.skipIf(!hasPython)('Python history / content-block fixes with SDK objects and dicts', () => {
  it('every such block gives the right result for both shapes', () => {
    const blocks = extractBlocks(KNOWLEDGE_DIR, ['python']).map((b) => ({ key: b.key, code: b.code }));
    expect(problems(blocks)).toEqual([]);
  });

  it('reports a dict-only block given SDK objects', () => {
    const code =
      'def clean(messages):\n    return [{**m, "content": [b for b in m["content"] if b.get("text") != ""]} if isinstance(m["content"], list) else m for m in messages]\n';
    const out = problems([{ key: 'empty-text-content-blocks#1', code }]).filter((p) => !p.includes('no such block'));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/\[obj\]: AttributeError/);
  });
});
