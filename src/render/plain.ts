import type { Answer } from '../bot/answer.js';

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/** Plain text for an answer: the local page's raw view, the CLI, and every platform's last fallback. */
export function renderAnswerPlain(answer: Answer): string {
  const out: string[] = [answer.title];
  if (answer.kind === 'diagnosis') out.push(`(article ${answer.articleId}, confidence ${pct(answer.confidence)})`);
  else if ((answer.kind === 'question' || answer.kind === 'shared') && answer.articleId) out.push(`(article ${answer.articleId})`);
  if (answer.sharedBy) out.push(`Shared by ${answer.sharedBy}`);
  if (answer.summary) out.push('', 'Summary (by Claude)', indent(answer.summary));
  if (answer.cause) out.push('', 'Cause', indent(answer.cause));
  if (answer.fix) out.push('', 'Fix', indent(answer.fix));
  if (answer.claudeNote) out.push('', 'Note (by Claude)', indent(answer.claudeNote));
  for (const v of answer.versionAdvice) out.push('', `Version: ${v}`);
  if (answer.earlierLink) out.push('', `Earlier answer: ${answer.earlierLink}`);
  if (answer.alternatives.length > 0) {
    out.push(
      '',
      answer.kind === 'diagnosis' ? 'Other possibilities' : 'Possible matches',
      ...answer.alternatives.map((a) => `  - ${a.title} (${a.id}, ${pct(a.score)})`),
    );
  }
  if (answer.sources.length > 0) out.push('', 'Sources', ...answer.sources.map((s) => `  - ${s}`));
  if (answer.reasons) out.push('', `Why: ${answer.reasons}`);
  out.push('', `Fingerprint: ${answer.fingerprint}`);
  if (answer.verified) out.push(`Article ${answer.verified}`);
  for (const note of answer.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}
