import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { codeLines, modelIdsIn, parseModelRegistry } from '../../src/cli/kb-models.js';
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

const PASTE = [
  '## Cause',
  'The model named in the request has been retired.',
  '',
  '```text',
  "anthropic.NotFoundError: Error code: 404 - {'type': 'error', 'error': {'type': 'not_found_error', 'message': 'model: claude-3-opus-20240229'}}",
  '```',
  '',
].join('\n');

function fix(model: string): string {
  return [
    '## Fix',
    '1. Call a current model:',
    '   ```python',
    `   client.messages.create(model="${model}", max_tokens=1024,  # was claude-2.1`,
    '                          messages=[{"role": "user", "content": "hi"}])',
    '   ```',
    '',
  ].join('\n');
}

/** A knowledge folder with one article whose signature and pasted error name a retired model. */
async function knowledge(fixModel: string, models?: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kb-models-'));
  await mkdir(path.join(dir, 'test-family'));
  const text = articleText({
    id: 'retired-model-article',
    signatures: ["model: claude-3-opus-20240229'"],
    extra: 'verified: 2026-12-01',
    body: `${PASTE}${fix(fixModel)}`,
  });
  await writeFile(path.join(dir, 'test-family', 'retired-model-article.md'), text);
  if (models) await writeFile(path.join(dir, 'models.yaml'), models);
  return dir;
}

describe('kb check: model ids in article code', () => {
  it('fails on a retired model id in fix code, naming the article and the id', async () => {
    const { stdout, code } = await kb(['check', '--kb', await knowledge('claude-3-opus-20240229')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /error: test-family\/retired-model-article\.md \[fix code\]: model id "claude-3-opus-20240229" \(Claude Opus 3\) is retired/,
    );
  });

  it('passes when only the signature, a pasted error and a comment name the retired model', async () => {
    const { stdout, code } = await kb(['check', '--kb', await knowledge('claude-sonnet-4-6')]);
    expect(stdout).not.toMatch(/claude-3-opus-20240229|claude-2\.1/);
    expect(code).toBe(0);
  });

  it('warns for a deprecated id and for one the models file does not know', async () => {
    const models = [
      'sources:',
      '  sdk: https://example.com/deprecated-models',
      'models:',
      '  - name: Claude Test 1',
      '    ids: [claude-sonnet-9-9]',
      '    status: deprecated',
      '    retires: 2999-01-01',
      '    sources: [sdk]',
    ].join('\n');
    const deprecated = await kb(['check', '--kb', await knowledge('claude-sonnet-9-9', models)]);
    expect(deprecated.code).toBe(0);
    expect(deprecated.stdout).toMatch(
      /warning: test-family\/retired-model-article\.md \[fix code\]: model id "claude-sonnet-9-9" \(Claude Test 1\) is deprecated on the Claude API, retiring 2999-01-01/,
    );
    const unknown = await kb(['check', '--kb', await knowledge('claude-opus-9-9', models)]);
    expect(unknown.code).toBe(0);
    expect(unknown.stdout).toMatch(/warning: .*model id "claude-opus-9-9" is not in knowledge\/models\.yaml/);
  });

  it('passes on the real knowledge base: no retired model id in any article code', async () => {
    const { stdout, code } = await kb(['check']);
    expect(stdout).not.toMatch(/^error: .*\[(cause|fix|details) code\]/m);
    expect(code).toBe(0);
  });
});

describe('model id scanning', () => {
  it('finds API, Vertex and Bedrock forms but not product names', () => {
    expect(modelIdsIn('claude --model claude-sonnet-4-6 && npm i -g @anthropic-ai/claude-code')).toEqual(['claude-sonnet-4-6']);
    expect(modelIdsIn('modelId="us.anthropic.claude-haiku-4-5-20251001-v1:0", vertex="claude-haiku-4-5@20251001"')).toEqual([
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      'claude-haiku-4-5@20251001',
    ]);
    expect(modelIdsIn('model="claude-2.1".')).toEqual(['claude-2.1']);
  });

  it('skips pasted output and comments, keeps shell commands in console blocks', () => {
    const lines = codeLines({
      cause: '```\nError: model: claude-2.1\n```',
      fix: '```console\n$ claude --model claude-opus-4-8\nModel not found: claude-2.0\n```\n```ts\nx = 1; // was claude-2.0\n```',
      details: null,
    });
    expect(lines.flatMap((l) => modelIdsIn(l.text))).toEqual(['claude-opus-4-8']);
  });

  it('refuses a models file entry without a known source', () => {
    expect(() =>
      parseModelRegistry('sources: {}\nmodels:\n  - {name: Claude X, ids: [claude-x-1], status: active, sources: [nowhere]}'),
    ).toThrow(/unknown source "nowhere"/);
  });
});
