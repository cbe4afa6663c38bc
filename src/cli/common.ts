import { open } from 'node:fs/promises';
import { type KnowledgeBase, loadKnowledgeBase } from '../core/knowledge/index.js';
import { formatIssue, KnowledgeBaseError } from '../core/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../core/paths.js';

/** Inputs above this are cut: a chat paste is never this large, and the core reads at most 1 MB anyway. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** A user-facing failure: printed without a stack trace, exit code 2. */
export class CliError extends Error {}

export async function loadKbOrExit(dir = process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR): Promise<KnowledgeBase> {
  try {
    const kb = await loadKnowledgeBase(dir);
    for (const w of kb.warnings) process.stderr.write(`warning: ${formatIssue(w)}\n`);
    return kb;
  } catch (err) {
    if (err instanceof KnowledgeBaseError) throw new CliError(err.message);
    throw err;
  }
}

export async function readInput(file: string | undefined): Promise<Buffer> {
  if (!file || file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      const buf = chunk as Buffer;
      if (size + buf.length > MAX_INPUT_BYTES) {
        chunks.push(buf.subarray(0, MAX_INPUT_BYTES - size));
        break;
      }
      chunks.push(buf);
      size += buf.length;
    }
    return Buffer.concat(chunks);
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new CliError(`${file} is a directory`);
    const length = Math.min(stat.size, MAX_INPUT_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** Runs a CLI entry point: clear message and exit 2 for user errors, never a raw stack trace for them. */
export function runCli(main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (err: unknown) => {
      if (err instanceof CliError) process.stderr.write(`error: ${err.message}\n`);
      else process.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
