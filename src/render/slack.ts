import type { Answer } from '../bot/answer.js';
import { slackSafe } from './escape.js';
import { pct, splitText, trimWithPointer } from './text.js';

/**
 * Slack Block Kit. Limits (docs.slack.dev, Block Kit reference): section text ≤ 3,000 characters,
 * ≤ 50 blocks per message, header text ≤ 150, button text ≤ 75 and value ≤ 2,000, fallback `text`
 * kept well under 40,000. Anything longer is split across sections or trimmed with a pointer.
 */

export const SLACK_SECTION_LIMIT = 3_000;
export const SLACK_MAX_BLOCKS = 50;
const HEADER_LIMIT = 150;
const TEXT_LIMIT = 3_500;

export const SLACK_ACTIONS = {
  helpful: 'feedback_helpful',
  unhelpful: 'feedback_unhelpful',
  escalate: 'escalate',
  /** The asker or a helper marks the question solved. */
  solved: 'solved',
  /** A helper opens the article picker to say which article was right. */
  correct: 'correct_open',
} as const;

// biome-ignore lint/suspicious/noExplicitAny: Block Kit payloads are plain JSON
export type Block = Record<string, any>;

/** GitHub-flavoured markdown (as in the knowledge files) to Slack mrkdwn. */
export function toMrkdwn(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      out.push('```');
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    out.push(
      line
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/^#{1,6}\s+(.+)$/, '*$1*')
        .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
        .replace(/__([^_\n]+)__/g, '*$1*')
        .replace(/\[([^\]\n]+)\]\((https?:[^)\s]+)\)/g, '<$2|$1>')
        .replace(/^(\s*)[-*]\s+/, '$1• '),
    );
  }
  return out.join('\n');
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: text.slice(0, SLACK_SECTION_LIMIT) }] };
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function renderSlack(answer: Answer): SlackMessage {
  const blocks = contentBlocks(answer);
  const feedback = feedbackBlock(answer);
  // Keep within 50 blocks: context and buttons are always kept; content sections give way, last one with a pointer.
  const reserved = 1 + (feedback ? 1 : 0);
  if (blocks.length > SLACK_MAX_BLOCKS - reserved) {
    blocks.length = SLACK_MAX_BLOCKS - reserved;
    const last = blocks[blocks.length - 1] as Block;
    if (last.type === 'section') last.text.text = trimWithPointer(last.text.text, SLACK_SECTION_LIMIT, trimPointer(answer), true);
  }
  blocks.push(context(metaLine(answer)));
  if (feedback) blocks.push(feedback);
  return { text: renderSlackFallbackText(answer), blocks };
}

function trimPointer(answer: Answer): string {
  return answer.articleUrl ? `… <${answer.articleUrl}|read the full article>` : `… (trimmed: see article \`${answer.articleId ?? ''}\`)`;
}

/** Title, who shared it, Claude's summary, cause and fix (split into sections), notes and the other candidates. */
function contentBlocks(answer: Answer): Block[] {
  const blocks: Block[] = [];
  const capped = (text: string) => section(text.slice(0, SLACK_SECTION_LIMIT));
  blocks.push({ type: 'header', text: { type: 'plain_text', text: answer.title.slice(0, HEADER_LIMIT), emoji: true } });
  // A platform user id (checked): the helper is named, nobody else is pinged.
  if (answer.sharedBy && /^[UW][A-Z0-9]+$/.test(answer.sharedBy)) blocks.push(context(`:bookmark: Shared by <@${answer.sharedBy}>`));
  if (answer.summary) blocks.push(capped(`:sparkles: *Summary (by Claude)*\n${toMrkdwn(answer.summary)}`));
  if (answer.cause) for (const part of splitText(`*Cause*\n${toMrkdwn(answer.cause)}`, SLACK_SECTION_LIMIT)) blocks.push(section(part));
  if (answer.fix) for (const part of splitText(`*Fix*\n${toMrkdwn(answer.fix)}`, SLACK_SECTION_LIMIT)) blocks.push(section(part));
  if (answer.claudeNote) blocks.push(capped(`:sparkles: *Note (by Claude)*\n${toMrkdwn(answer.claudeNote)}`));
  if (answer.versionAdvice.length > 0) blocks.push(capped(`:package: ${slackSafe(answer.versionAdvice.join('\n'))}`));
  if (answer.earlierLink) blocks.push(section(`<${answer.earlierLink}|See the earlier answer>`));
  if (answer.alternatives.length > 0) {
    const heading = answer.kind === 'diagnosis' ? 'Other possibilities' : 'Possible matches';
    const lines = answer.alternatives.map((a) => `• ${a.title} (\`${a.id}\`, ${pct(a.score)})`).join('\n');
    blocks.push(capped(`*${heading}*\n${lines}`));
  }
  return blocks;
}

/** The small print: confidence, article, why, fingerprint, sources, verification date and notes. */
function metaLine(answer: Answer): string {
  const meta: string[] = [];
  if (answer.kind === 'diagnosis') meta.push(`Confidence ${pct(answer.confidence)}`, `article \`${answer.articleId}\``);
  else if ((answer.kind === 'question' || answer.kind === 'shared') && answer.articleId) meta.push(`article \`${answer.articleId}\``);
  if (answer.reasons) meta.push(slackSafe(answer.reasons));
  meta.push(`fingerprint \`${slackSafe(answer.fingerprint)}\``);
  if (answer.sources.length > 0)
    meta.push(
      `Sources: ${answer.sources
        .slice(0, 4)
        .map((s, i) => `<${s}|[${i + 1}]>`)
        .join(' ')}`,
    );
  if (answer.verified) meta.push(answer.verified);
  for (const note of answer.notes) meta.push(slackSafe(note));
  return meta.join(' · ');
}

function button(actionId: string, label: string, answerId: string, style?: 'primary'): Block {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label, emoji: true },
    value: answerId,
    ...(style ? { style } : {}),
  };
}

/** Votes, hand-off, solved and "wrong article?" (or the hand-off alone), when the answer takes feedback. */
function feedbackBlock(answer: Answer): Block | null {
  if (!answer.feedback) return null;
  const handoff = button(SLACK_ACTIONS.escalate, 'Still stuck: ask a human', answer.id);
  return {
    type: 'actions',
    block_id: `feedback:${answer.id}`.slice(0, 255),
    elements: answer.handoffOnly
      ? [handoff]
      : [
          button(SLACK_ACTIONS.helpful, ':thumbsup: Helpful', answer.id, 'primary'),
          button(SLACK_ACTIONS.unhelpful, ':thumbsdown: Not helpful', answer.id),
          handoff,
          button(SLACK_ACTIONS.solved, ':white_check_mark: Solved', answer.id),
          button(SLACK_ACTIONS.correct, 'Wrong article?', answer.id),
        ],
  };
}

/** The plain `text` Slack shows in notifications, and the whole message when blocks are refused. */
export function renderSlackFallbackText(answer: Answer): string {
  const parts = [answer.title];
  if (answer.cause) parts.push(`Cause: ${answer.cause}`);
  if (answer.fix) parts.push(`Fix:\n${answer.fix}`);
  if (answer.versionAdvice.length) parts.push(slackSafe(answer.versionAdvice.join('\n')));
  if (answer.earlierLink) parts.push(`Earlier answer: ${answer.earlierLink}`);
  if (answer.alternatives.length) parts.push(`Possible matches: ${answer.alternatives.map((a) => a.id).join(', ')}`);
  parts.push(`fingerprint: ${slackSafe(answer.fingerprint)}`);
  const pointer = answer.articleUrl ? `… full article: ${answer.articleUrl}` : '… (trimmed)';
  const text = trimWithPointer(toMrkdwn(parts.join('\n\n')), TEXT_LIMIT, pointer);
  // After the mrkdwn conversion, which would escape the mention's brackets.
  return answer.sharedBy && /^[UW][A-Z0-9]+$/.test(answer.sharedBy) ? `Shared by <@${answer.sharedBy}>\n${text}` : text;
}
