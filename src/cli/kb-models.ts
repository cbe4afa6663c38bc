import { parse } from 'yaml';
import { z } from 'zod';
import type { LoadIssue } from '../core/knowledge/load.js';
import type { Article } from '../core/types.js';

/** knowledge/models.yaml: Claude model ids and their lifecycle, each with the sources it was read in. */
const date = z.iso.date('expected a date such as "2026-11-30"');
const lifecycle = z.enum(['available', 'active', 'legacy', 'deprecated', 'retired']);
const modelSchema = z
  .object({
    name: z.string().min(3),
    ids: z.array(z.string().min(3)).min(1),
    bedrock: z.array(z.string().min(3)).optional(),
    vertex: z.array(z.string().min(3)).optional(),
    status: lifecycle,
    deprecated: date.optional(),
    retires: date.optional(),
    bedrock_status: lifecycle.optional(),
    bedrock_retires: date.optional(),
    vertex_status: lifecycle.optional(),
    vertex_retires: date.optional(),
    replacement: z.string().optional(),
    note: z.string().optional(),
    sources: z.array(z.string()).min(1, 'every entry needs a source'),
  })
  .strict();
const registrySchema = z.object({ sources: z.record(z.string(), z.url()), models: z.array(modelSchema).min(1) }).strict();

type Platform = 'api' | 'bedrock' | 'vertex';
interface KnownId {
  model: string;
  platform: Platform;
  status: z.infer<typeof lifecycle> | null;
  retires: string | null;
  /** For a Bedrock or Vertex id with no date of its own: the Claude API's date, shown but not enforced. */
  apiRetires: string | null;
}
export type ModelRegistry = Map<string, KnownId>;

/** Parses models.yaml; throws with the first problem (a bad registry must stop the check, not pass it). */
export function parseModelRegistry(text: string): ModelRegistry {
  const parsed = registrySchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`models.yaml: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const { sources, models } = parsed.data;
  const registry: ModelRegistry = new Map();
  for (const m of models) {
    for (const s of m.sources) if (!(s in sources)) throw new Error(`models.yaml: ${m.name}: unknown source "${s}"`);
    const apiRetires = m.retires ?? null;
    const add = (ids: string[] | undefined, platform: Platform, status: KnownId['status'], retires: string | null) => {
      for (const id of ids ?? []) {
        if (registry.has(id) && registry.get(id)?.platform === platform) throw new Error(`models.yaml: ${id} is listed twice`);
        registry.set(id, { model: m.name, platform, status, retires, apiRetires });
      }
    };
    add(m.ids, 'api', m.status, apiRetires);
    add(m.bedrock, 'bedrock', m.bedrock_status ?? null, m.bedrock_retires ?? null);
    add(m.vertex, 'vertex', m.vertex_status ?? null, m.vertex_retires ?? null);
  }
  return registry;
}

// A Claude model id as written in code: API (claude-sonnet-4-6, claude-2.1), Vertex (…@20250929) and
// Bedrock (anthropic.…-v1:0, with an optional cross-Region prefix such as us. or global.). Product
// names such as claude-code do not match: the part after "claude-" must start with a family or a digit.
const MODEL_ID =
  /(?<![\w.@-])(?:(?:[a-z]{2,7}\.)?anthropic\.)?claude-(?:opus|sonnet|haiku|mythos|fable|instant|\d)[a-z0-9.-]*(?:@\d{8})?(?::\d+)?/g;
const REGION_PREFIX = /^[a-z]{2,7}\.(?=anthropic\.)/;

export function modelIdsIn(line: string): string[] {
  return (line.match(MODEL_ID) ?? []).map((id) => id.replace(/[.-]+$/, ''));
}

/** Blocks in these languages (or none) hold pasted output: an old model named in an error is evidence, not a fix. */
const PASTE_LANGUAGES = new Set(['', 'text', 'txt', 'plaintext', 'console', 'log', 'output', 'shell-session']);

interface CodeLine {
  section: 'cause' | 'fix' | 'details';
  text: string;
}

/** The lines of an article's fenced code blocks that are code, with comments and pasted output left out. */
export function codeLines(article: Pick<Article, 'cause' | 'fix' | 'details'>): CodeLine[] {
  const out: CodeLine[] = [];
  for (const section of ['cause', 'fix', 'details'] as const) {
    let language: string | null = null;
    for (const line of (article[section] ?? '').split('\n')) {
      const fence = line.match(/^\s*(?:```|~~~)\s*([\w-]*)/);
      if (fence) {
        language = language === null ? (fence[1] ?? '').toLowerCase() : null;
        continue;
      }
      if (language === null) continue;
      if (PASTE_LANGUAGES.has(language) && !/^\s*\$ /.test(line)) continue;
      out.push({ section, text: withoutComment(line) });
    }
  }
  return out;
}

/** Drops a trailing `#` or `//` comment that is outside quotes (a comment naming an old model is not a call to it). */
function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if ((c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) || (c === '/' && line[i + 1] === '/' && line[i - 1] !== ':'))
      return line.slice(0, i);
  }
  return line;
}

/** Errors for retired model ids in an article's code, warnings for deprecated and unknown ones. */
export function modelIdIssues(articles: Article[], registry: ModelRegistry, today: string): LoadIssue[] {
  const out: LoadIssue[] = [];
  for (const a of articles) {
    const seen = new Set<string>();
    for (const { section, text } of codeLines(a)) {
      for (const id of modelIdsIn(text)) {
        if (seen.has(id)) continue;
        seen.add(id);
        const issue = judge(id, registry, today);
        if (issue) out.push({ file: a.file, field: `${section} code`, ...issue });
      }
    }
  }
  return out;
}

function judge(id: string, registry: ModelRegistry, today: string): Pick<LoadIssue, 'message' | 'severity'> | null {
  const known = registry.get(id) ?? registry.get(id.replace(REGION_PREFIX, ''));
  if (!known)
    return {
      severity: 'warning',
      message: `model id "${id}" is not in knowledge/models.yaml: check it against the models page and add it`,
    };
  const where = known.platform === 'api' ? 'the Claude API' : known.platform === 'bedrock' ? 'Amazon Bedrock' : 'Vertex AI';
  if (known.status === 'retired' || (known.retires && known.retires <= today))
    return {
      severity: 'error',
      message: `model id "${id}" (${known.model}) is retired on ${where}${known.retires ? ` since ${known.retires}` : ''}: a request with it fails; use a current model`,
    };
  if (known.status === 'deprecated' || known.retires)
    return {
      severity: 'warning',
      message: `model id "${id}" (${known.model}) is deprecated on ${where}${known.retires ? `, retiring ${known.retires}` : ''}`,
    };
  if (known.platform !== 'api' && known.status === null && known.apiRetires)
    return {
      severity: 'warning',
      message: `model id "${id}" (${known.model}): the Claude API ${known.apiRetires <= today ? 'retired' : 'retires'} this model on ${known.apiRetires}; ${where} sets its own date and none is recorded`,
    };
  return null;
}
