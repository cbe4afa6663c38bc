import type { Candidate, Diagnosis } from '../core/types.js';

/** Plain-text rendering of a diagnosis: the CLI's output and the fallback when rich formats fail. */
export function renderPlain(d: Diagnosis, opts: { showReasons?: boolean } = {}): string {
  const out: string[] = [];
  const top = d.candidates[0];
  if (d.matched && top) {
    out.push(`${top.title}`, `(article ${top.id}, confidence ${pct(top.score)})`, '');
    out.push('Cause', indent(top.article.cause), '', 'Fix', indent(top.article.fix));
    for (const v of d.versionAdvice) {
      out.push(
        '',
        v.upgradeNeeded
          ? `Version: you are on ${v.surface} ${v.current}; this was fixed in ${v.fixedIn}. Upgrade first.`
          : `Version: you are on ${v.surface} ${v.current}, which already has the fix from ${v.fixedIn}.`,
      );
    }
    out.push('', 'Sources', ...top.article.sources.map((s) => `  - ${s}`));
    if (opts.showReasons) out.push('', `Why this article: ${reasonLine(top)}`);
    const others = d.candidates.slice(1, 3);
    if (others.length > 0) out.push('', 'Other possibilities', ...others.map((c) => `  - ${c.title} (${c.id}, ${pct(c.score)})`));
  } else if (top) {
    out.push('Not sure. Possible matches:', ...d.candidates.slice(0, 3).map((c) => `  - ${c.title} (${c.id}, ${pct(c.score)})`));
    out.push('', `Fingerprint: ${d.fingerprint}`);
  } else {
    out.push('No known error found in this text.', `Fingerprint: ${d.fingerprint}`);
  }
  for (const note of d.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}

export function reasonLine(c: Candidate): string {
  return c.reasons
    .filter((r) => r.kind !== 'contradiction')
    .map((r) => (r.kind === 'signature' ? `matched "${r.detail}"` : `${r.kind.replace('_', ' ')} ${r.detail}`))
    .slice(0, 5)
    .join('; ');
}

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
export function renderAnswerPlain(answer: import('../bot/answer.js').Answer): string {
  const out: string[] = [answer.title];
  if (answer.kind === 'diagnosis') out.push(`(article ${answer.articleId}, confidence ${pct(answer.confidence)})`);
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
  for (const note of answer.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}
