import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CodeBlock, extractBlocks } from '../helpers/code-blocks.js';
import { KNOWLEDGE_DIR } from '../helpers/kb.js';

/**
 * Every ```python / ```py block in the knowledge base is parsed with the machine's python3 (ast.parse), and
 * every name it takes from the `anthropic` package (`anthropic.X`, `from anthropic import X`) must be one the
 * Python SDK exports at its top level. A name exported only by newer SDKs must come with its minimum version
 * in the article, so a reader on an older SDK is not handed an `except anthropic.X` that raises AttributeError.
 * See knowledge/VERIFICATION-PYTHON-BLOCKS.md for the sweep that produced the table below.
 */

/**
 * First Python SDK version exporting the name from `anthropic` (read from src/anthropic/__init__.py at each
 * tag of anthropics/anthropic-sdk-python; the 1.x-only names were read from the 1.13.0 wheel, they are absent
 * in 0.121.0). Names present since before 0.40.0 need no version note.
 */
const TOP_LEVEL_SINCE: Record<string, string> = {
  Anthropic: '0.3.0',
  AsyncAnthropic: '0.3.0',
  APIError: '0.3.0',
  APIStatusError: '0.3.0',
  APIConnectionError: '0.3.0',
  APITimeoutError: '0.3.0',
  BadRequestError: '0.3.0',
  AuthenticationError: '0.3.0',
  PermissionDeniedError: '0.3.0',
  NotFoundError: '0.3.0',
  RateLimitError: '0.3.0',
  InternalServerError: '0.3.0',
  Timeout: '0.3.0',
  AnthropicError: '0.3.14',
  AnthropicVertex: '0.11.0',
  AnthropicBedrock: '0.14.0',
  DefaultHttpxClient: '0.24.0',
  DefaultAsyncHttpxClient: '0.24.0',
  transform_schema: '0.73.0',
  OverloadedError: '0.108.0',
  RequestTooLargeError: '0.108.0',
  ServiceUnavailableError: '1.13.0',
  DeadlineExceededError: '1.13.0',
};
const NO_NOTE_BEFORE = [0, 40, 0];

const PY = `
import ast, json, sys
out = []
for code in json.load(sys.stdin):
    try:
        tree = ast.parse(code)
    except SyntaxError as e:
        out.append({"error": f"line {e.lineno}: {e.msg}", "names": []}); continue
    names = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.module == "anthropic":
            names.update(a.name for a in n.names)
        elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "anthropic":
            names.add(n.attr)
    out.append({"error": None, "names": sorted(names)})
print(json.dumps(out))
`;

interface Parsed {
  error: string | null;
  names: string[];
}

const hasPython = spawnSync('python3', ['--version']).status === 0;

function parseAll(codes: string[]): Parsed[] {
  const r = spawnSync('python3', ['-c', PY], { input: JSON.stringify(codes), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Parsed[];
}

const older = (v: string): boolean => {
  const p = v.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((p[i] ?? 0) !== (NO_NOTE_BEFORE[i] ?? 0)) return (p[i] ?? 0) < (NO_NOTE_BEFORE[i] ?? 0);
  return false;
};

describe.skipIf(!hasPython)('Python blocks in the knowledge base', () => {
  const blocks: CodeBlock[] = extractBlocks(KNOWLEDGE_DIR, ['python', 'py']);
  const parsed = hasPython ? parseAll(blocks.map((b) => b.code)) : [];

  it('finds the blocks', () => {
    expect(blocks.length).toBeGreaterThan(50);
  });

  it('every block is valid Python syntax', () => {
    const bad = blocks.flatMap((b, i) => (parsed[i]?.error ? [`${b.key} (${b.file}:${b.line}) ${parsed[i]?.error}`] : []));
    expect(bad).toEqual([]);
  });

  it('the parser reports a block that is not Python', () => {
    const [r] = parseAll(['try:\n    client.messages.create(**params)\nexcept anthropic.APIStatusError as e\n    raise\n']);
    expect(r?.error).toMatch(/line 3/);
  });

  it('every anthropic.<Name> a block uses is a known top-level export, with its minimum version in the article when recent', () => {
    const problems: string[] = [];
    blocks.forEach((b, i) => {
      const text = readFileSync(b.file, 'utf8');
      for (const name of parsed[i]?.names ?? []) {
        const since = TOP_LEVEL_SINCE[name];
        if (!since) problems.push(`${b.key}: anthropic.${name} is not in the table of checked top-level names`);
        else if (!older(since) && !text.includes(since))
          problems.push(`${b.key}: anthropic.${name} needs SDK >= ${since}, which the article does not state`);
      }
    });
    expect(problems).toEqual([]);
  });

  it('the name check reports a top-level name the SDK does not export', () => {
    const [r] = parseAll(['import anthropic\ntry:\n    pass\nexcept anthropic.TooManyRequestsError:\n    pass\n']);
    expect(r?.names).toEqual(['TooManyRequestsError']);
    expect(TOP_LEVEL_SINCE.TooManyRequestsError).toBeUndefined();
  });
});
