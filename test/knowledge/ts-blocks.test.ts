import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type CodeBlock, extractBlocks } from '../helpers/code-blocks.js';
import { KNOWLEDGE_DIR, ROOT } from '../helpers/kb.js';

/**
 * Every ```ts / ```typescript / ```js block in the knowledge base is type-checked against the installed
 * @anthropic-ai/sdk, all blocks in one compiler program. A block is its own module; the names a fix
 * assumes the reader already has (a client, the request they were sending, their own helpers) come
 * from AMBIENT below, typed with the SDK's own types, so a block that misuses them still fails.
 */

/** Blocks that cannot be checked here, with the package they need; the test fails once it is installed. */
const NOT_CHECKED: Record<string, { needs: string; reason: string }> = {
  'claude-model-sent-to-openai-endpoint#1': { needs: '@ai-sdk/anthropic', reason: 'Vercel AI SDK provider, not a dependency here' },
  'vertex-model-not-enabled-or-region#1': { needs: '@anthropic-ai/vertex-sdk', reason: 'Vertex client package, not a dependency here' },
  'vertex-sdk-region-project-credentials#1': { needs: '@anthropic-ai/vertex-sdk', reason: 'Vertex client package, not a dependency here' },
};

const AMBIENT = `import type Anthropic from '@anthropic-ai/sdk';
declare global {
  const client: Anthropic;
  const params: Anthropic.MessageCreateParamsNonStreaming;
  const items: Anthropic.MessageCreateParamsNonStreaming[];
  const messages: Anthropic.MessageParam[];
  const model: Anthropic.Model;
  const msg: Anthropic.Message;
  const id: string;
  const wantedBudget: number;
  const userKey: string;
  /** An OpenAI-style chat history, as in system-role-in-messages. */
  const msgs: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  function handle(item: Anthropic.Messages.MessageBatchIndividualResponse): void;
  function notifyBilling(requestId: string | null | undefined, errorCode: string | null): void;
  function render(events: AsyncIterable<Anthropic.MessageStreamEvent>): Promise<void>;
  function persist(events: AsyncIterable<Anthropic.MessageStreamEvent>): Promise<void>;
}
export {};
`;

/** Proves the checker is live: this must fail to compile (wrong type for max_tokens, unknown option). */
const MUST_FAIL = `await client.messages.create({ model, max_tokens: '1024', messages, temprature: 1 });\nexport {};\n`;

const VDIR = path.join(ROOT, 'test/knowledge/__kb_blocks__');
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

interface Virtual {
  block: CodeBlock | null;
  text: string;
  /** Lines added above the block's first line. */
  offset: number;
}

function virtualFiles(blocks: CodeBlock[]): Map<string, Virtual> {
  const files = new Map<string, Virtual>();
  files.set(path.join(VDIR, 'ambient.d.ts'), { block: null, text: AMBIENT, offset: 0 });
  files.set(path.join(VDIR, 'must-fail.ts'), { block: null, text: MUST_FAIL, offset: 0 });
  for (const b of blocks) {
    const importsSdk = /from ['"]@anthropic-ai\/sdk['"]/.test(b.code);
    const head = importsSdk ? '' : "import Anthropic from '@anthropic-ai/sdk';\n";
    files.set(path.join(VDIR, `${b.key.replace('#', '-')}.ts`), { block: b, text: `${head}${b.code}\nexport {};\n`, offset: head ? 1 : 0 });
  }
  return files;
}

function compile(files: Map<string, Virtual>): ts.Diagnostic[] {
  const host = ts.createCompilerHost(OPTIONS);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => files.get(path.resolve(f))?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, onError, create) => {
    const v = files.get(path.resolve(f));
    return v ? ts.createSourceFile(f, v.text, lang) : getSourceFile.call(host, f, lang, onError, create);
  };
  const program = ts.createProgram([...files.keys()], OPTIONS, host);
  return [...ts.getPreEmitDiagnostics(program)];
}

function describeDiagnostic(d: ts.Diagnostic, files: Map<string, Virtual>): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
  const v = d.file ? files.get(path.resolve(d.file.fileName)) : undefined;
  if (!d.file || !v) return `(program) TS${d.code}: ${text}`;
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const where = v.block
    ? `${v.block.key} (${path.relative(ROOT, v.block.file)}:${v.block.line + 1 + line - v.offset})`
    : path.basename(d.file.fileName);
  return `${where} TS${d.code}: ${text}`;
}

describe('TypeScript blocks in the knowledge base', () => {
  const all = extractBlocks(KNOWLEDGE_DIR, ['ts', 'typescript', 'js', 'javascript']);
  const checked = all.filter((b) => !(b.key in NOT_CHECKED));
  const files = virtualFiles(checked);
  let diagnostics: ts.Diagnostic[] | null = null;
  const results = () => {
    diagnostics ??= compile(files);
    return diagnostics;
  };

  it('finds the blocks', () => {
    expect(all.length).toBeGreaterThanOrEqual(20);
  });

  it('every block type-checks against the installed @anthropic-ai/sdk', () => {
    const mustFail = path.join(VDIR, 'must-fail.ts');
    const problems = results()
      .filter((d) => !d.file || path.resolve(d.file.fileName) !== mustFail)
      .map((d) => describeDiagnostic(d, files));
    expect(problems).toEqual([]);
  }, 60_000);

  it('the checker reports a block that does not compile', () => {
    const mustFail = path.join(VDIR, 'must-fail.ts');
    const codes = results()
      .filter((d) => d.file && path.resolve(d.file.fileName) === mustFail)
      .map((d) => d.code);
    expect(codes.length).toBeGreaterThan(0);
  }, 60_000);

  it('every exception names a block that exists and a package that is still not installed', () => {
    const keys = new Set(all.map((b) => b.key));
    const stale = Object.entries(NOT_CHECKED)
      .filter(([key, { needs }]) => !keys.has(key) || existsSync(path.join(ROOT, 'node_modules', needs, 'package.json')))
      .map(([key, { needs }]) => `${key} (${needs})`);
    expect(stale).toEqual([]);
    // The exceptions must really import the package they name, so the list cannot hide other blocks.
    const wrong = all.filter((b) => NOT_CHECKED[b.key] && !b.code.includes(`'${NOT_CHECKED[b.key]?.needs}'`)).map((b) => b.key);
    expect(wrong).toEqual([]);
  });
});
