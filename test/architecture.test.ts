import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape the code keeps: no import circles anywhere in src (a circle makes load order decide what a
 * module sees, and hides which layer owns a type), and a diagnosis core that imports nothing above it and
 * no platform or Claude SDK.
 */

const SRC = path.resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every module a file imports or re-exports (static `import`/`export … from`, type-only ones included). */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gms)) specifiers.push(m[1] as string);
  for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specifiers.push(m[1] as string);
  return specifiers;
}

/** The src file a relative specifier names (`./x.js` is `./x.ts` on disk), or null for a package. */
function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.resolve(path.dirname(from), specifier).replace(/\.js$/, '.ts');
}

function graph(): Map<string, string[]> {
  const files = sourceFiles(SRC);
  const known = new Set(files);
  return new Map(
    files.map((f) => [
      f,
      importsOf(readFileSync(f, 'utf8'))
        .map((s) => resolveLocal(f, s))
        .filter((t): t is string => t !== null && known.has(t)),
    ]),
  );
}

/** One import circle per strongly connected group of files (Tarjan's algorithm), as relative paths. */
function circles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(group.map((f) => path.relative(SRC, f)).sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('architecture', () => {
  it('finds a circle when there is one (the check itself works)', () => {
    const edges = new Map([
      [path.join(SRC, 'a.ts'), [path.join(SRC, 'b.ts')]],
      [path.join(SRC, 'b.ts'), [path.join(SRC, 'c.ts')]],
      [path.join(SRC, 'c.ts'), [path.join(SRC, 'a.ts')]],
      [path.join(SRC, 'd.ts'), [path.join(SRC, 'a.ts')]],
    ]);
    expect(circles(edges)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importsOf("import type { X } from './x.js';\nexport { y } from '../y.js';\nimport './side.js';")).toEqual([
      './x.js',
      '../y.js',
      './side.js',
    ]);
  });

  it('src has no import circles', () => {
    expect(circles(graph())).toEqual([]);
  });

  it('the diagnosis core imports nothing above it and no platform or Claude SDK', () => {
    const core = path.join(SRC, 'core');
    const outside: string[] = [];
    for (const [file, targets] of graph()) {
      if (!file.startsWith(core + path.sep)) continue;
      for (const t of targets) if (!t.startsWith(core + path.sep)) outside.push(`${path.relative(SRC, file)} → ${path.relative(SRC, t)}`);
      for (const s of importsOf(readFileSync(file, 'utf8'))) {
        if (/^(@slack\/|discord\.js|@anthropic-ai\/|lowdb|pg$|piscina)/.test(s)) outside.push(`${path.relative(SRC, file)} → ${s}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
