import type { Answer } from '../bot/answer.js';
import { discordSafe } from './escape.js';
import { pct, trimWithPointer } from './text.js';

/**
 * Discord message payloads (plain JSON, as discord.js accepts them). Limits: content ≤ 2,000 characters,
 * embed title ≤ 256, description ≤ 4,096, ≤ 25 fields of name ≤ 256 / value ≤ 1,024, footer ≤ 2,048,
 * all embeds together ≤ 6,000; ≤ 5 buttons per row, label ≤ 80, custom_id ≤ 100.
 */

export const DISCORD_LIMITS = {
  content: 2_000,
  title: 256,
  description: 4_096,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  total: 6_000,
  customId: 100,
} as const;

export const DISCORD_BUTTONS = {
  helpful: 'fb:up',
  unhelpful: 'fb:down',
  escalate: 'fb:human',
  /** The asker or a helper marks the question solved. */
  solved: 'hx:solved',
  /** A helper opens the article picker to say which article was right. */
  correct: 'hx:correct',
} as const;

export interface DiscordEmbed {
  title: string;
  description: string;
  url?: string;
  color: number;
  fields: Array<{ name: string; value: string; inline?: boolean }>;
  footer: { text: string };
}

export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components: Array<{ type: 1; components: Array<{ type: 2; style: number; label: string; custom_id: string }> }>;
  allowed_mentions: { parse: never[] };
}

const COLOURS = {
  diagnosis: 0x2e7d32,
  'no-match': 0x757575,
  duplicate: 0x1565c0,
  incident: 0xc62828,
  question: 0x6a1b9a,
  shared: 0x00838f,
} as const;

export function embedLength(e: DiscordEmbed): number {
  return e.title.length + e.description.length + e.footer.text.length + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
}

export function renderDiscord(answer: Answer): DiscordMessage {
  const embed: DiscordEmbed = {
    title: answer.title.slice(0, DISCORD_LIMITS.title),
    description: '',
    color: COLOURS[answer.kind],
    fields: embedFields(answer).slice(0, 25),
    footer: { text: footerText(answer) },
  };
  if (answer.articleUrl) embed.url = answer.articleUrl;
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - embedLength(embed));
  embed.description = trimWithPointer(bodyText(answer) || '\u200b', Math.max(50, room), trimPointer(answer));
  // Still over the 6,000 total (very long fields): drop fields from the end until it fits.
  while (embedLength(embed) > DISCORD_LIMITS.total && embed.fields.length > 0) embed.fields.pop();
  // The helper is shown as a mention; allowed_mentions (empty) keeps it from pinging anyone.
  const content = answer.sharedBy && /^\d{15,22}$/.test(answer.sharedBy) ? `📌 Shared by <@${answer.sharedBy}>` : undefined;
  return { ...(content ? { content } : {}), embeds: [embed], components: buttonRows(answer), allowed_mentions: { parse: [] } };
}

function trimPointer(answer: Answer): string {
  return answer.articleUrl ? `… [read the full article](${answer.articleUrl})` : `… (trimmed: see article \`${answer.articleId ?? ''}\`)`;
}

/** Claude's summary, cause, fix, Claude's note and the earlier answer's link: the embed's description. */
function bodyText(answer: Answer): string {
  const body: string[] = [];
  if (answer.summary) body.push(`✨ **Summary (by Claude)**\n${answer.summary}`);
  if (answer.cause) body.push(`**Cause**\n${answer.cause}`);
  if (answer.fix) body.push(`**Fix**\n${answer.fix}`);
  if (answer.claudeNote) body.push(`✨ **Note (by Claude)**\n${answer.claudeNote}`);
  if (answer.earlierLink) body.push(`[See the earlier answer](${answer.earlierLink})`);
  return body.join('\n\n');
}

/** Version advice, other candidates, sources, why this article and notes, each a field when not empty. */
function embedFields(answer: Answer): DiscordEmbed['fields'] {
  const fields: DiscordEmbed['fields'] = [];
  const field = (name: string, value: string) => {
    if (value)
      fields.push({ name: name.slice(0, DISCORD_LIMITS.fieldName), value: trimWithPointer(value, DISCORD_LIMITS.fieldValue, '…') });
  };
  field('Version', discordSafe(answer.versionAdvice.join('\n')));
  field(
    answer.kind === 'diagnosis' ? 'Other possibilities' : 'Possible matches',
    answer.alternatives.map((a) => `• ${a.title} (\`${a.id}\`, ${pct(a.score)})`).join('\n'),
  );
  field(
    'Sources',
    answer.sources
      .slice(0, 5)
      .map((s) => `<${s}>`)
      .join('\n'),
  );
  if (answer.reasons) field('Why this article', discordSafe(answer.reasons));
  field('Notes', discordSafe(answer.notes.join('\n')));
  return fields;
}

function footerText(answer: Answer): string {
  return [
    answer.kind === 'diagnosis' ? `confidence ${pct(answer.confidence)} · ${answer.articleId}` : '',
    `fingerprint: ${discordSafe(answer.fingerprint)}`,
    answer.verified ?? '',
  ]
    .filter(Boolean)
    .join(' · ')
    .slice(0, DISCORD_LIMITS.footer);
}

type DiscordButton = DiscordMessage['components'][number]['components'][number];

function button(style: number, label: string, prefix: string, answerId: string): DiscordButton {
  return { type: 2, style, label, custom_id: `${prefix}:${answerId}`.slice(0, DISCORD_LIMITS.customId) };
}

/** Votes, hand-off, solved and "wrong article?" in one row (or the hand-off alone), when the answer takes feedback. */
function buttonRows(answer: Answer): DiscordMessage['components'] {
  if (!answer.feedback) return [];
  const handoff = button(1, 'Still stuck: ask a human', DISCORD_BUTTONS.escalate, answer.id);
  if (answer.handoffOnly) return [{ type: 1, components: [handoff] }];
  return [
    {
      type: 1,
      components: [
        button(3, '👍 Helpful', DISCORD_BUTTONS.helpful, answer.id),
        button(2, '👎 Not helpful', DISCORD_BUTTONS.unhelpful, answer.id),
        handoff,
        button(3, '✅ Solved', DISCORD_BUTTONS.solved, answer.id),
        button(2, 'Wrong article?', DISCORD_BUTTONS.correct, answer.id),
      ],
    },
  ];
}

/** Plain `content` when embeds are refused (missing Embed Links permission): ≤ 2,000 characters. */
export function renderDiscordText(answer: Answer): string {
  const parts = [`**${answer.title}**`];
  if (answer.sharedBy && /^\d{15,22}$/.test(answer.sharedBy)) parts.push(`📌 Shared by <@${answer.sharedBy}>`);
  if (answer.cause) parts.push(answer.cause);
  if (answer.fix) parts.push(answer.fix);
  if (answer.earlierLink) parts.push(`Earlier answer: ${answer.earlierLink}`);
  parts.push(`fingerprint: \`${discordSafe(answer.fingerprint)}\``);
  return trimWithPointer(parts.join('\n\n'), DISCORD_LIMITS.content, answer.articleUrl ? `… full article: <${answer.articleUrl}>` : '…');
}
