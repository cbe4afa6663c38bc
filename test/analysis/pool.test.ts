import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseNow, inlineAnalyser } from '../../src/analysis/inline.js';
import { PoolAnalyser } from '../../src/analysis/pool.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { memoryLogger, PASTES } from '../helpers/bot.js';
import { realKb } from '../helpers/kb.js';

/** Log noise of about `size` characters with the error at the end, as a long CI log would be. */
function bigPaste(size: number, error: string): string {
  const noise = [
    '2026-11-02 10:14:03,512 INFO worker.pool: picked job 81723 from queue default',
    '  File "/srv/app/pipeline/steps/summarise.py", line 214, in run',
    '2026-11-02 10:14:04,101 WARNING cache: miss for key summary:81723',
  ];
  const lines: string[] = [];
  for (let n = 0, i = 0; n < size; i++) {
    const line = noise[i % noise.length] as string;
    lines.push(line);
    n += line.length + 1;
  }
  return `${lines.join('\n')}\n${error}`;
}

const lenient = { mode: 'lenient', strictThreshold: 0.7, lenientThreshold: 0.4 } as const;

describe('analysis worker pool', () => {
  let kb: KnowledgeBase;
  const { logger, lines } = memoryLogger();
  beforeAll(async () => {
    kb = await realKb();
  });

  describe('with a generous budget', () => {
    let pool: PoolAnalyser;
    beforeAll(() => {
      pool = new PoolAnalyser({ threads: 1, inlineMaxBytes: 4_096, budgetMs: 20_000, workerMaxMemoryMb: 256, logger });
    });
    afterAll(() => pool.close());

    it('diagnoses a big paste in a worker with the same result as inline, secrets redacted', async () => {
      const paste = bigPaste(300_000, `ANTHROPIC_API_KEY=sk-ant-api03-${'q'.repeat(40)}\n${PASTES.promptTooLong}`);
      const inPool = await pool.analyse(paste, kb, lenient);
      const inline = analyseNow(paste, kb, lenient);
      expect(inPool.ranIn).toBe('pool');
      expect(inPool.diagnosis.candidates[0]?.id).toBe('prompt-too-long');
      expect(inPool.diagnosis.candidates[0]?.article).toBe(kb.byId.get('prompt-too-long'));
      expect(inPool.diagnosis).toEqual(inline.diagnosis);
      expect(inPool.redaction).toEqual(inline.redaction);
      expect(inPool.redaction.text).not.toContain('q'.repeat(40));
    });

    it('keeps small pastes inline', async () => {
      const r = await pool.analyse(PASTES.promptTooLong, kb, lenient);
      expect(r.ranIn).toBe('inline');
      expect(r.diagnosis.candidates[0]?.id).toBe('prompt-too-long');
    });

    it('applies the votes from the store the same way as inline', async () => {
      const paste = bigPaste(50_000, PASTES.promptTooLong);
      // A helper's correction away from the article pushes it down (core/feedback.ts), whatever its signature.
      const votes = { 'prompt-too-long': { up: 0, down: 0, correctedFrom: 1 } };
      const asked: string[] = [];
      const feedbackFor = async (hash: string) => {
        asked.push(hash);
        return votes;
      };
      const inPool = await pool.analyse(paste, kb, { ...lenient, feedbackFor });
      const inline = await inlineAnalyser.analyse(paste, kb, { ...lenient, feedbackFor });
      expect(inPool.ranIn).toBe('pool');
      expect(asked).toHaveLength(2);
      expect(asked[0]).toBe(inPool.diagnosis.fingerprintHash);
      expect(inPool.diagnosis).toEqual(inline.diagnosis);
      expect(inPool.diagnosis.candidates.find((c) => c.id === 'prompt-too-long')?.reasons.some((r) => r.kind === 'feedback')).toBe(true);
    });

    it('sends a new knowledge base to the workers after a reload', async () => {
      const reloaded: KnowledgeBase = {
        ...kb,
        version: `${kb.version}-reloaded`,
        articles: kb.articles.filter((a) => a.id !== 'prompt-too-long'),
      };
      reloaded.byId = new Map(reloaded.articles.map((a) => [a.id, a]));
      const paste = bigPaste(50_000, PASTES.promptTooLong);
      const r = await pool.analyse(paste, reloaded, lenient);
      expect(r.ranIn).toBe('pool');
      expect(r.diagnosis.candidates.map((c) => c.id)).not.toContain('prompt-too-long');
    });
  });

  it('reads only head and tail of a paste over its time budget, and says so', async () => {
    const pool = new PoolAnalyser({ threads: 1, inlineMaxBytes: 4_096, budgetMs: 5, workerMaxMemoryMb: 256, logger });
    try {
      const r = await pool.analyse(bigPaste(2_000_000, PASTES.promptTooLong), kb, lenient);
      expect(r.diagnosis.notes.join(' ')).toMatch(/longer than 0\.0 s, so only its first and last 16 KB were read/);
      // The error sits at the end of the log: the tail still finds it.
      expect(r.diagnosis.candidates[0]?.id).toBe('prompt-too-long');
      expect(lines.some((l) => l.includes('paste over its time budget'))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('survives a paste that crashes its worker (out of memory) with a clear answer, and keeps working', async () => {
    // The budget is far above what any step needs, so only the memory limit decides: a replacement worker
    // that starts slowly on a loaded machine must not turn this into a time-out. The limit leaves room
    // for the knowledge base (a 10 MB worker no longer holds it, a 16 MB one does) but not for the paste.
    const pool = new PoolAnalyser({ threads: 1, inlineMaxBytes: 4_096, budgetMs: 120_000, workerMaxMemoryMb: 24, logger });
    try {
      const hostile = bigPaste(12_000_000, PASTES.promptTooLong);
      const r = await pool.analyse(hostile, kb, lenient);
      expect(r.diagnosis.notes.join(' ')).toMatch(/could not be read in full|could not read this paste/);
      expect(lines.some((l) => l.includes('analysis worker failed'))).toBe(true);
      const after = await pool.analyse(bigPaste(20_000, PASTES.rolesAlternate), kb, lenient);
      expect(after.ranIn).toBe('pool');
      expect(after.diagnosis.candidates[0]?.id).toBe('messages-roles-must-alternate');
    } finally {
      await pool.close();
    }
  });

  it('closes its workers on shutdown and answers inline afterwards', async () => {
    const pool = new PoolAnalyser({ threads: 2, inlineMaxBytes: 4_096, budgetMs: 20_000, workerMaxMemoryMb: 256, logger });
    await pool.warm(kb);
    expect(pool.threads).toBe(2);
    await pool.close();
    expect(pool.threads).toBe(0);
    const r = await pool.analyse(bigPaste(20_000, PASTES.promptTooLong), kb, lenient);
    expect(r.ranIn).toBe('inline');
  });

  it('a shutdown during the warm-up lets the workers finish loading before it stops them', async () => {
    // Terminating a thread while Node 20 is still loading its module aborts the process; the warm-up
    // must therefore end on its own (every worker started), not be cut short by the shutdown.
    const pool = new PoolAnalyser({ threads: 2, inlineMaxBytes: 4_096, budgetMs: 20_000, workerMaxMemoryMb: 256, logger });
    const before = lines.length;
    const warming = pool.warm(kb);
    await pool.close();
    await warming;
    const logged = lines.slice(before).join('\n');
    expect(logged).not.toContain('some analysis workers did not start');
    expect(logged).toContain('analysis workers ready');
    expect(pool.threads).toBe(0);
  });
});
