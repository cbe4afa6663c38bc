import type { QuestionResult } from '../core/questions.js';
import type { Candidate, Diagnosis, VersionAdvice } from '../core/types.js';

/**
 * One answer model for every platform: the renderers (Slack Block Kit, Discord embeds, plain text)
 * only decide layout and limits, never content.
 */

export const STATUS_PAGE_URL = 'https://status.claude.com';

export type AnswerKind = 'diagnosis' | 'no-match' | 'duplicate' | 'incident' | 'question' | 'shared';

export interface Answer {
  /** Answer record id: feedback buttons carry it. Empty for notices that take no feedback. */
  id: string;
  kind: AnswerKind;
  title: string;
  articleId: string | null;
  confidence: number;
  /** Markdown (GitHub flavour, as in the knowledge files); renderers convert for their platform. */
  cause: string;
  fix: string;
  versionAdvice: string[];
  sources: string[];
  /** Short "why this article" line. */
  reasons: string;
  fingerprint: string;
  /** Other candidates worth a look (possible matches), best first. */
  alternatives: Array<{ id: string; title: string; score: number }>;
  notes: string[];
  /** Where the full article can be read, when the bot has a public URL. */
  articleUrl: string | null;
  /** Link to an earlier answer (duplicates). */
  earlierLink: string | null;
  /** Filled in by Claude assistance when enabled; always labelled as such. */
  summary: string | null;
  claudeNote: string | null;
  /** Show Helpful / Not helpful / Ask a human. */
  feedback: boolean;
  /** Below the strict threshold: shown only because someone asked, as a possible match. */
  tentative: boolean;
  /** "verified Dec 2026": when the article was last checked against its sources, so readers can judge freshness. */
  verified: string | null;
  /** Of the feedback buttons, show only "Still stuck: ask a human" (a question with no article). */
  handoffOnly?: boolean;
  /** A helper's platform user id when they shared this article by hand: shown as "shared by @helper". */
  sharedBy?: string;
}

/** Why a candidate was chosen, in one short line (shared by the answer model and Claude's candidates). */
export function reasonLine(c: Candidate): string {
  return c.reasons
    .filter((r) => r.kind !== 'contradiction')
    .map((r) => (r.kind === 'signature' ? `matched "${r.detail}"` : `${r.kind.replace('_', ' ')} ${r.detail}`))
    .slice(0, 5)
    .join('; ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-12-04` → `verified Dec 2026`; null when the article carries no verification date. */
export function verifiedLabel(date: string | null): string | null {
  const m = date ? /^(\d{4})-(\d{2})-\d{2}$/.exec(date) : null;
  if (!m) return null;
  return `verified ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

export function versionLines(advice: VersionAdvice[]): string[] {
  const names: Record<string, string> = {
    'python-sdk': 'anthropic (Python)',
    'typescript-sdk': '@anthropic-ai/sdk',
    'claude-code': 'Claude Code',
    langchain: 'langchain-anthropic',
    litellm: 'LiteLLM',
    'vercel-ai-sdk': '@ai-sdk/anthropic',
  };
  return advice.map((v) =>
    v.upgradeNeeded
      ? `You are on ${names[v.surface] ?? v.surface} ${v.current}; this was fixed in ${v.fixedIn}. Upgrade first.`
      : `You are on ${names[v.surface] ?? v.surface} ${v.current}, which already includes the fix from ${v.fixedIn}: the cause is elsewhere.`,
  );
}

export function answerFromDiagnosis(d: Diagnosis, opts: { id: string; publicUrl?: string; strictThreshold: number }): Answer {
  const top = d.candidates[0];
  if (!d.matched || !top) return noMatchAnswer(d);
  return {
    id: opts.id,
    kind: 'diagnosis',
    ...articleFields(top, d.candidates, d.versionAdvice, opts),
    fingerprint: d.fingerprint,
    notes: d.notes,
    earlierLink: null,
    summary: null,
    claudeNote: null,
    feedback: true,
  };
}

/**
 * The part of an answer that shows one candidate article: its title (marked "Possibly" below the strict
 * threshold), cause, fix, sources, why it matched, and the next two candidates as alternatives.
 */
export function articleFields(
  c: Candidate,
  candidates: Candidate[],
  advice: VersionAdvice[],
  opts: { publicUrl?: string; strictThreshold: number },
) {
  const tentative = c.score < opts.strictThreshold;
  return {
    tentative,
    title: tentative ? `Possibly: ${c.title}` : c.title,
    articleId: c.id,
    confidence: c.score,
    cause: c.article.cause,
    fix: c.article.fix,
    versionAdvice: versionLines(advice),
    sources: c.article.sources,
    reasons: reasonLine(c),
    verified: verifiedLabel(c.article.verified),
    alternatives: candidates
      .filter((x) => x.id !== c.id)
      .slice(0, 2)
      .map((x) => ({ id: x.id, title: x.title, score: x.score })),
    articleUrl: opts.publicUrl ? `${opts.publicUrl.replace(/\/$/, '')}/kb/${c.id}` : null,
  };
}

/** What "I don't know this one" says, by what the message holds. */
const NO_MATCH_WORDING = {
  error: {
    title: "I don't recognise this error",
    cause: 'No article in the knowledge base matches it confidently, so I would rather not guess.',
  },
  // A line that names an error in words ("keeps failing with overloaded errors") has possible matches
  // without looking like an error itself.
  named: {
    title: "I can't tell which error this is",
    cause:
      'These articles share words with the error your message names, but I cannot tell which one applies. Paste the full error (the exception line, the status code and the JSON body if there is one) and I can.',
  },
  none: {
    title: "I don't see an error in this message",
    cause: 'Paste the full error: the exception line, the status code and the JSON body if there is one.',
  },
};

/** "I don't know this one": said plainly, with the fingerprint so maintainers can add an article. */
export function noMatchAnswer(d: Diagnosis): Answer {
  const possible = d.candidates.slice(0, 3).map((c) => ({ id: c.id, title: c.title, score: c.score }));
  const wording = NO_MATCH_WORDING[d.signals.looksLikeError ? 'error' : possible.length > 0 ? 'named' : 'none'];
  return {
    id: '',
    kind: 'no-match',
    title: wording.title,
    articleId: null,
    confidence: d.confidence,
    cause: wording.cause,
    fix: '',
    versionAdvice: [],
    sources: [],
    reasons: '',
    fingerprint: d.fingerprint,
    alternatives: possible,
    notes: d.notes,
    articleUrl: null,
    earlierLink: null,
    summary: null,
    claudeNote: null,
    feedback: false,
    tentative: false,
    verified: null,
  };
}

/**
 * A line asked about that names an error in words: its possible matches, recorded like a question's
 * answer so the hand-off button ("ask a human") works on it, as it does on "I have no article".
 */
export function possibleMatchesAnswer(d: Diagnosis, id: string): Answer {
  return { ...noMatchAnswer(d), id, feedback: true, handoffOnly: true };
}

export function duplicateAnswer(d: Diagnosis, earlierLink: string | null, title: string): Answer {
  return {
    ...noMatchAnswer(d),
    kind: 'duplicate',
    title: `Same error as answered earlier: ${title}`,
    cause: earlierLink
      ? 'This paste has the same fingerprint as one answered here a little while ago.'
      : 'This paste has the same fingerprint as one answered here a little while ago (see the thread above).',
    earlierLink,
    alternatives: [],
  };
}

export function incidentAnswer(d: Diagnosis): Answer {
  return {
    ...noMatchAnswer(d),
    kind: 'incident',
    title: 'Likely incident: many people are seeing this right now',
    cause: `The same server-side error (${d.fingerprint}) has been pasted in several channels within a few minutes. That usually means an incident on Anthropic's side, not a problem with your code.`,
    fix: `1. Check ${STATUS_PAGE_URL} for an ongoing incident.\n2. Retry with exponential backoff; the SDKs already retry 429, 5xx and 529 twice by default.\n3. If it lasts, fail over to another model or region.`,
    sources: [STATUS_PAGE_URL, 'https://docs.claude.com/en/api/errors'],
    alternatives: [],
  };
}

export const NO_ARTICLE_TITLE = 'I have no article for this';

/**
 * The answer to a question in words: the article when one clearly fits, a short "might be" list when
 * some might, or a plain "no article" with the hand-off button. The text is always the articles' own.
 */
export function questionAnswer(q: QuestionResult, d: Diagnosis, opts: { id: string; publicUrl?: string }): Answer {
  const base = { ...noMatchAnswer(d), id: opts.id, kind: 'question' as const, notes: [], feedback: true, alternatives: [] };
  const url = (id: string) => (opts.publicUrl ? `${opts.publicUrl.replace(/\/$/, '')}/kb/${id}` : null);
  const [top] = q.hits;
  if (q.verdict === 'known' && top) {
    const alternatives = q.ranked
      .filter((h) => h.article.id !== top.article.id)
      .slice(0, 2)
      .map((h) => ({ id: h.article.id, title: h.article.title, score: h.coverage }));
    return {
      ...base,
      title: top.article.title,
      articleId: top.article.id,
      confidence: top.coverage,
      cause: top.article.cause,
      fix: top.article.fix,
      sources: top.article.sources,
      verified: verifiedLabel(top.article.verified),
      reasons: `your question and this article share: ${top.terms.slice(0, 8).join(', ')}`,
      alternatives,
      articleUrl: url(top.article.id),
    };
  }
  if (q.verdict === 'maybe' && top) {
    const list = q.hits.map((h) => {
      const link = url(h.article.id);
      return `- ${link ? `[${h.article.title}](${link})` : `**${h.article.title}**`} (\`${h.article.id}\`)`;
    });
    return {
      ...base,
      title: 'This might be one of these',
      articleId: null,
      confidence: top.coverage,
      cause: `I am not sure which article answers your question; these might:\n${list.join('\n')}`,
      fix: 'Ask again with the exact error message (the status code and the JSON body if there is one) and I can tell which one applies.',
    };
  }
  return {
    ...base,
    title: NO_ARTICLE_TITLE,
    cause: 'Nothing in the knowledge base fits your question well enough to answer it. If you are stuck, a person can take it from here.',
    handoffOnly: true,
  };
}
