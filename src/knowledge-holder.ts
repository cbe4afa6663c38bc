import { type FSWatcher, watch } from 'node:fs';
import { type KnowledgeBase, loadKnowledgeBase } from './core/knowledge/index.js';
import { formatIssue, KnowledgeBaseError } from './core/knowledge/load.js';
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
  lastError: string | null = null;
  loadedAt: number;

  private constructor(
    private base: KnowledgeBase,
    readonly dir: string,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {
    this.loadedAt = Date.now();
    metrics?.knowledgeArticles.set(base.articles.length);
  }

  static async load(dir: string, logger: Logger, metrics?: Metrics): Promise<KnowledgeHolder> {
    const kb = await loadKnowledgeBase(dir);
    for (const w of kb.warnings) logger.warn({ file: w.file, field: w.field }, `knowledge warning: ${formatIssue(w)}`);
    logger.info({ articles: kb.articles.length, version: kb.version, dir }, 'knowledge base loaded');
    return new KnowledgeHolder(kb, dir, logger, metrics);
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
      const next = await loadKnowledgeBase(this.dir);
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
