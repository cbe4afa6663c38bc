import { type FSWatcher, watch } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type KnowledgeBase, loadKnowledgeBase } from './core/knowledge/index.js';
import { formatIssue, KnowledgeBaseError, type ParseCache } from './core/knowledge/load.js';
import { regexVerdicts } from './core/knowledge/regex-safety.js';
import type { Logger } from './observability/log.js';
import type { Metrics } from './observability/metrics.js';

/**
 * The knowledge base in use, swapped atomically on reload. A reload that fails validation keeps the
 * previous base and logs exactly which file and field were wrong, so a bad edit never takes the bot down.
 */
export class KnowledgeHolder {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<void> | null = null;
  private readonly listeners: Array<(kb: KnowledgeBase) => void> = [];
  /** Parsed files kept across reloads: a reload re-parses only files whose text changed. */
  private readonly parsed: ParseCache;
  private verdictFile: string | null = null;
  lastError: string | null = null;
  loadedAt: number;

  private constructor(
    private base: KnowledgeBase,
    readonly dir: string,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
    parsed: ParseCache = new Map(),
  ) {
    this.parsed = parsed;
    this.loadedAt = Date.now();
    metrics?.knowledgeArticles.set(base.articles.length);
  }

  /**
   * Loads the base. `verdictFile` keeps regex-safety verdicts between restarts (the probe is most of the
   * cost of a first load); it is read before loading and written when new patterns were vetted.
   */
  static async load(dir: string, logger: Logger, metrics?: Metrics, opts: { verdictFile?: string } = {}): Promise<KnowledgeHolder> {
    if (opts.verdictFile) await restoreVerdicts(opts.verdictFile, logger);
    const parsed: ParseCache = new Map();
    const started = performance.now();
    const kb = await loadKnowledgeBase(dir, { cache: parsed });
    for (const w of kb.warnings) logger.warn({ file: w.file, field: w.field }, `knowledge warning: ${formatIssue(w)}`);
    logger.info(
      { articles: kb.articles.length, version: kb.version, dir, ms: Math.round(performance.now() - started) },
      'knowledge base loaded',
    );
    const holder = new KnowledgeHolder(kb, dir, logger, metrics, parsed);
    holder.verdictFile = opts.verdictFile ?? null;
    await holder.saveVerdicts();
    return holder;
  }

  /** Writes the verdict file when verdicts were added (atomically: a torn file is just ignored next time). */
  private async saveVerdicts(): Promise<void> {
    if (!this.verdictFile || !regexVerdicts.dirty) return;
    try {
      await mkdir(path.dirname(this.verdictFile), { recursive: true });
      const tmp = `${this.verdictFile}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(regexVerdicts.snapshot()));
      await rename(tmp, this.verdictFile);
    } catch (err) {
      this.logger.warn({ err, file: this.verdictFile }, 'cannot save regex-safety verdicts; the next start probes again');
    }
  }

  get current(): KnowledgeBase {
    return this.base;
  }

  /** Called with each new base after a reload that changed it (the worker pool sends it to its workers). */
  onReload(listener: (kb: KnowledgeBase) => void): void {
    this.listeners.push(listener);
  }

  /** Reloads now; resolves true when the new base is in use. */
  async reload(): Promise<boolean> {
    try {
      const next = await loadKnowledgeBase(this.dir, { cache: this.parsed });
      await this.saveVerdicts();
      const changed = next.version !== this.base.version;
      this.base = next;
      this.lastError = null;
      this.loadedAt = Date.now();
      this.metrics?.knowledgeArticles.set(next.articles.length);
      this.metrics?.knowledgeReloads.inc({ outcome: 'ok' });
      if (changed) {
        this.logger.info({ articles: next.articles.length, version: next.version }, 'knowledge base reloaded');
        for (const listener of this.listeners) listener(next);
      }
      return true;
    } catch (err) {
      this.metrics?.knowledgeReloads.inc({ outcome: 'rejected' });
      if (err instanceof KnowledgeBaseError) {
        this.lastError = err.message;
        this.logger.error(
          { issues: err.issues.filter((i) => i.severity === 'error').map(formatIssue), keptVersion: this.base.version },
          'knowledge edit rejected; still using the previous knowledge base',
        );
      } else {
        this.lastError = (err as Error).message;
        this.logger.error({ err, keptVersion: this.base.version }, 'knowledge reload failed; still using the previous knowledge base');
      }
      return false;
    }
  }

  /** Watches the folder and reloads shortly after the last change (editors write in several steps). */
  watch(debounceMs = 300): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.dir, { recursive: true }, (_event, file) => {
        if (file && !String(file).endsWith('.md')) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.reloading = (this.reloading ?? Promise.resolve()).then(() => this.reload().then(() => undefined));
        }, debounceMs);
      });
      this.watcher.on('error', (err) => this.logger.warn({ err }, 'knowledge folder watch failed; hot reload is off'));
    } catch (err) {
      this.logger.warn({ err }, 'cannot watch the knowledge folder; hot reload is off');
    }
  }

  async close(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    await this.reloading;
  }
}

async function restoreVerdicts(file: string, logger: Logger): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return; // first start: nothing saved yet
  }
  try {
    const n = regexVerdicts.restore(JSON.parse(text));
    logger.debug({ file, verdicts: n }, 'regex-safety verdicts restored');
  } catch (err) {
    logger.warn({ err, file }, 'regex-safety verdict file unreadable; probing again');
  }
}
