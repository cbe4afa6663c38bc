import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CodeBlock {
  /** "article-id#n": n counts this language's blocks in the article from 1. */
  key: string;
  article: string;
  file: string;
  /** 1-based line of the opening fence in the article. */
  line: number;
  lang: string;
  code: string;
}

const OPEN = /^(\s*)```([\w+-]+)\s*$/;
const CLOSE = /^\s*```\s*$/;

/** Every fenced block whose language is in `langs`, from every article under `dir`, indentation removed. */
export function extractBlocks(dir: string, langs: readonly string[]): CodeBlock[] {
  const out: CodeBlock[] = [];
  for (const family of readdirSync(dir, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    for (const name of readdirSync(path.join(dir, family.name)).sort()) {
      if (!name.endsWith('.md')) continue;
      const file = path.join(dir, family.name, name);
      out.push(...blocksOf(file, name.slice(0, -3), langs));
    }
  }
  return out;
}

function blocksOf(file: string, article: string, langs: readonly string[]): CodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: CodeBlock[] = [];
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] as string);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !CLOSE.test(lines[j] as string)) body.push(lines[j++] as string);
    const lang = open[2] as string;
    if (langs.includes(lang)) {
      count++;
      out.push({ key: `${article}#${count}`, article, file, line: i + 1, lang, code: dedent(body, (open[1] as string).length) });
    }
    i = j;
  }
  return out;
}

/** Removes the fence's indentation (blocks inside list items are indented with the item). */
function dedent(lines: string[], indent: number): string {
  return lines.map((l) => (l.slice(0, indent).trim() === '' ? l.slice(indent) : l.trimStart())).join('\n');
}
