/**
 * A fast reader for the plain shape article front matter has: top-level `key: scalar`, `key: [a, b]`,
 * `key:` followed by a block list of scalars or by a block map of `key: scalar`, with plain, 'single-' or
 * "double-quoted" one-line scalars. Parsing YAML with the full library was most of the cost of loading a large
 * knowledge base (about 3 of 7 CPU seconds at 5,000 articles); this subset reads the same files in a
 * fraction of that.
 *
 * It returns exactly what `parseDocument(text).toJS()` returns (YAML 1.2 core schema), or null for
 * anything outside the subset or in doubt (comments, flow collections, block scalars, anchors, tags,
 * multi-line or numeric-looking plain scalars other than integers, duplicate keys, tabs): the caller
 * then uses the YAML library, which also reports the errors. test/core/front-matter.test.ts checks the
 * two agree on every real article and on hostile variations.
 */
export type FrontValue = string | number | boolean | null | FrontValue[] | { [key: string]: FrontValue };

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/;
const ITEM = /^- (.*)$/;

/** Front matter text (between the --- lines) to its value, or null when the YAML library must decide. */
export function readSimpleFrontMatter(text: string): Record<string, FrontValue> | null {
  if (text.includes('\t') || text.includes('\r')) return null;
  const lines = text.split('\n');
  const out: Record<string, FrontValue> = {};
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const m = KEY.exec(line);
    if (!m || m[1] === '__proto__' || Object.hasOwn(out, m[1] as string)) return null;
    const key = m[1] as string;
    const rest = (m[2] ?? '').trimEnd();
    i++;
    if (rest !== '') {
      const v = scalar(rest);
      if (v === undefined) return null;
      out[key] = v;
      continue;
    }
    const block = readBlock(lines, i);
    if (!block) return null;
    out[key] = block.value;
    i = block.next;
  }
  return Object.keys(out).length > 0 ? out : null; // empty front matter is null to the library, not {}
}

/** The lines after `key:`: a list (indented, or at the key's own indent) or a map one level deep; null (the key's value) when none. */
function readBlock(lines: string[], start: number): { value: FrontValue; next: number } | null {
  let i = start;
  while (i < lines.length && (lines[i] as string).trim() === '') i++;
  const first = lines[i];
  if (first === undefined || !/^ *\S/.test(first) || (!first.startsWith(' ') && !first.startsWith('- '))) {
    return { value: null, next: start };
  }
  const indent = first.length - first.trimStart().length;
  const pad = ' '.repeat(indent);
  const isList = first.slice(indent).startsWith('- ');
  const list: FrontValue[] = [];
  const map: Record<string, FrontValue> = {};
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    if (!line.startsWith(pad)) break;
    const body = line.slice(indent);
    if (body.startsWith(' ')) return null; // deeper nesting or a continuation line
    if (indent === 0 && !body.startsWith('- ')) break; // the next top-level key
    const m = isList ? ITEM.exec(body) : KEY.exec(body);
    if (!m) return null;
    if (isList) {
      const v = scalar((m[1] as string).trimEnd());
      if (v === undefined) return null;
      list.push(v);
    } else {
      const k = m[1] as string;
      const rest = (m[2] ?? '').trimEnd();
      if (rest === '' || k === '__proto__' || Object.hasOwn(map, k)) return null;
      const v = scalar(rest);
      if (v === undefined) return null;
      map[k] = v;
    }
  }
  return { value: isList ? list : map, next: i };
}

/** `[a, b]` of plain words only (no quotes, brackets, colons or comment marks inside); else undefined. */
function flowList(s: string): FrontValue[] | undefined {
  if (!s.endsWith(']')) return undefined;
  const inner = s.slice(1, -1);
  if (/["'[\]{}:#]/.test(inner)) return undefined;
  if (inner.trim() === '') return [];
  const out: FrontValue[] = [];
  for (const part of inner.split(',')) {
    const item = part.trim();
    if (item === '') return undefined;
    const v = scalar(item);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

const CORE_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** One scalar, as the core schema resolves it; undefined when this reader does not decide it. */
function scalar(s: string): FrontValue | undefined {
  if (s === '') return undefined;
  const c = s[0];
  if (c === '[') return flowList(s);
  if (c === '"') {
    if (!s.endsWith('"') || s.length < 2) return undefined;
    try {
      // A JSON string is a YAML double-quoted scalar with the same value; YAML-only escapes make JSON throw.
      const v = JSON.parse(s);
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }
  if (c === "'") {
    if (!s.endsWith("'") || s.length < 2) return undefined;
    const inner = s.slice(1, -1);
    if (inner.replace(/''/g, '').includes("'")) return undefined;
    return inner.replace(/''/g, "'");
  }
  // Plain: no indicator first, nothing that would start a comment or a mapping, not multi-line.
  if (/^[-?:,[\]{}#&*!|>%@`]/.test(s) || s.includes(': ') || s.includes(' #') || s.endsWith(':')) return undefined;
  if (/^(?:null|Null|NULL|~)$/.test(s)) return null;
  if (/^(?:true|True|TRUE)$/.test(s)) return true;
  if (/^(?:false|False|FALSE)$/.test(s)) return false;
  if (/^[0-9]{1,15}$/.test(s)) return Number(s);
  if (CORE_NUMBER.test(s)) return undefined;
  return s;
}
