import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { AnswerWithVotes } from '../store/contract.js';

/**
 * Answers as CSV and JSON for maintainers' spreadsheets and scripts (`GET /api/answers.csv|json`).
 * One row per answer, newest first; the example is the redacted paste, never the original.
 */

export const EXPORT_COLUMNS = [
  'id',
  'at',
  'platform',
  'community',
  'channel',
  'thread',
  'trigger',
  'shadow',
  'article',
  'article_title',
  'confidence',
  'fingerprint',
  'fingerprint_hash',
  'up',
  'down',
  'reasons',
  'example',
] as const;

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | boolean | null>;

export function exportRow(a: AnswerWithVotes, kb: KnowledgeBase): ExportRow {
  return {
    id: a.id,
    at: new Date(a.at).toISOString(),
    platform: a.platform,
    community: a.community,
    channel: a.channelId,
    thread: a.threadId,
    trigger: a.trigger,
    shadow: a.shadow,
    article: a.articleId,
    article_title: a.articleId ? (kb.byId.get(a.articleId)?.title ?? null) : null,
    confidence: Math.round(a.confidence * 1000) / 1000,
    fingerprint: a.fingerprint,
    fingerprint_hash: a.fingerprintHash,
    up: a.up,
    down: a.down,
    reasons: a.reasons.join(' '),
    example: a.example ?? null,
  };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge space, quotes doubled.
 * Text a spreadsheet would run as a formula (starting = + - @, or a tab or carriage return that hides
 * one) gets a leading apostrophe, so opening an export never runs what someone pasted into chat.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function answersCsv(rows: readonly AnswerWithVotes[], kb: KnowledgeBase): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const a of rows) {
    const r = exportRow(a, kb);
    lines.push(EXPORT_COLUMNS.map((c) => csvField(r[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
