import { createHash } from 'node:crypto';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { z } from 'zod';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Article } from '../core/types.js';
import type { MessageParams } from './client.js';
import { boundedRedacted, neutralise, neutraliseTags, systemBlocks } from './prompts.js';

/**
 * Task "answer": a short answer to a question in words, grounded only in the articles the retrieval
 * found. The reply is requested in a schema (structured outputs) and checked: every cited id must be
 * one of the articles given, no other article may be named, no links, no mentions, at most six lines.
 */

export const MAX_QUESTION_CHARS = 2_000;
export const MAX_CONTEXT_CHARS = 3_000;
export const MAX_ANSWER_LINES = 6;
export const MAX_ANSWER_CHARS = 900;
export const MAX_QUESTION_OUTPUT_TOKENS = 500;

export const questionReplySchema = z.object({
  answer: z.string(),
  cited: z.array(z.string()),
  covered: z.boolean(),
});
export const QUESTION_FORMAT = zodOutputFormat(questionReplySchema);

export interface QuestionInput {
  kb: KnowledgeBase;
  model: string;
  /** The redacted question; redacted again here. */
  question: string;
  articles: Article[];
  /** Earlier messages of the thread (follow-ups), oldest first; redacted and bounded here. */
  context?: string[];
  userId: string;
}

const ARTICLE_CHARS = 2_500;

export function buildQuestionRequest(input: QuestionInput): MessageParams {
  const question = neutraliseTags(boundedRedacted(input.question, MAX_QUESTION_CHARS));
  const parts: string[] = [];
  const context = (input.context ?? []).filter((c) => c.trim());
  if (context.length > 0) {
    const joined = neutraliseTags(boundedRedacted(context.join('\n---\n'), MAX_CONTEXT_CHARS));
    parts.push(`<thread>\n${joined}\n</thread>`);
  }
  parts.push(`<question>\n${question}\n</question>`);
  parts.push(
    `<articles_found>\n${input.articles
      .map((a) => `<article id="${a.id}">\nTitle: ${a.title}\nCause: ${a.cause}\nFix: ${a.fix}`.slice(0, ARTICLE_CHARS))
      .map((t) => `${t}\n</article>`)
      .join('\n')}\n</articles_found>`,
  );
  parts.push(`Task: "answer". Article ids you may cite: ${input.articles.map((a) => a.id).join(', ')}.`);
  return {
    model: input.model,
    max_tokens: MAX_QUESTION_OUTPUT_TOKENS,
    system: systemBlocks(input.kb),
    messages: [{ role: 'user', content: [{ type: 'text', text: parts.join('\n\n') }] }],
    output_config: { format: QUESTION_FORMAT },
    metadata: { user_id: createHash('sha256').update(`diagnose-bot:${input.userId}`).digest('hex').slice(0, 32) },
  };
}

export interface CheckedAnswer {
  text: string;
  cited: string[];
  covered: boolean;
}

export type AnswerCheck = { ok: true; reply: CheckedAnswer } | { ok: false; reason: string };

/** Parses against the schema and checks the grounding rules; the reason says what failed. */
export function checkQuestionReply(text: string, opts: { retrievedIds: string[]; allIds: Iterable<string> }): AnswerCheck {
  let r: z.infer<typeof questionReplySchema>;
  try {
    r = QUESTION_FORMAT.parse(text.trim());
  } catch (err) {
    return { ok: false, reason: (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300) };
  }
  const cited = [...new Set(r.cited.map((c) => c.trim()))];
  const foreign = cited.filter((c) => !opts.retrievedIds.includes(c));
  if (foreign.length > 0) return { ok: false, reason: `cited ids that were not given: ${foreign.join(', ').slice(0, 200)}` };
  const named = [...opts.allIds].filter((id) => !opts.retrievedIds.includes(id) && r.answer.includes(id));
  if (named.length > 0) return { ok: false, reason: `named other articles: ${named.join(', ').slice(0, 200)}` };
  if (/```|~~~/.test(r.answer)) return { ok: false, reason: 'the answer holds a code block' };
  if (r.covered && cited.length === 0) return { ok: false, reason: 'an answer that cites no article' };
  const lines = r.answer
    .split(/\r?\n/)
    .map((l) => neutralise(l).trim())
    .filter(Boolean);
  if (lines.length === 0) return { ok: false, reason: 'an empty answer' };
  let out = lines.slice(0, MAX_ANSWER_LINES).join('\n');
  if (out.length > MAX_ANSWER_CHARS) out = `${out.slice(0, MAX_ANSWER_CHARS - 1)}…`;
  return { ok: true, reply: { text: out, cited, covered: r.covered } };
}
