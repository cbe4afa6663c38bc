import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { StatsFilter } from '../store/contract.js';
import { type ChannelMode, FEEDBACK_REASONS, type FeedbackReason, type Store } from './store.js';

/** `/diagnose …` parsed the same way on every platform. */
export type CommandRequest =
  | { kind: 'empty' }
  | { kind: 'help' }
  | { kind: 'stats' }
  | { kind: 'channel'; mode: ChannelMode | null }
  | { kind: 'channel-questions'; on: boolean | null }
  | { kind: 'article'; query: string }
  | { kind: 'paste'; text: string; private?: boolean };

/** `/diagnose private <paste>`: the answer is shown to the asker only. */
export const PRIVATE_WORD = 'private';
/** `/diagnose article <words or id>`: a helper shares an article. */
export const ARTICLE_WORD = 'article';

export function parseCommand(text: string): CommandRequest {
  const t = text.trim();
  if (!t) return { kind: 'empty' };
  const [word, arg, ...rest] = t.split(/\s+/);
  const lower = word?.toLowerCase();
  if (rest.length === 0 && (lower === 'help' || lower === '-h' || lower === '--help') && !arg) return { kind: 'help' };
  if (rest.length === 0 && lower === 'stats' && !arg) return { kind: 'stats' };
  if (lower === 'channel' && arg?.toLowerCase() === 'questions' && rest.length <= 1) {
    const v = rest[0]?.toLowerCase();
    return { kind: 'channel-questions', on: v === 'on' ? true : v === 'off' ? false : null };
  }
  const after = t.slice(word?.length ?? 0).trim();
  if (lower === ARTICLE_WORD) return { kind: 'article', query: after };
  if (lower === PRIVATE_WORD) return { kind: 'paste', text: after, private: true };
  if (lower === 'channel' && rest.length === 0) {
    const mode = arg?.toLowerCase();
    return { kind: 'channel', mode: mode === 'auto' || mode === 'shadow' || mode === 'off' ? mode : null };
  }
  return { kind: 'paste', text: t };
}

export const HELP_TEXT = [
  '*diagnose-bot* explains Anthropic (Claude) API errors: paste one and I answer in a thread with the cause and the fix.',
  '• Mention me with a paste, or reply in a thread I answered with a new paste.',
  '• `/diagnose <paste>`: diagnose a paste; `/diagnose` alone opens a box for long pastes.',
  '• `/diagnose private <paste>`: the same, but only you see the answer (nothing is posted in the channel).',
  '• `/diagnose article <words or id>`: pick a knowledge-base article and share it here, as you (for helpers). On a message: "Answer with an article".',
  '• `/diagnose stats`: which answers helped, and the errors I could not place.',
  '• `/diagnose channel auto|shadow|off`: answer pastes here on my own, only record what I would say, or only when asked (channel managers).',
  '• Ask me a question in words (mention me, DM me or `/diagnose <question>`) and I point you to the article that answers it.',
  '• `/diagnose channel questions on|off`: also answer questions here on my own, when an article clearly fits (channel managers).',
  'Buttons under each answer tell me whether it helped; "Still stuck" pings a human.',
].join('\n');

/** Statistics as markdown (Slack renderers convert it): per-article helpfulness and the top knowledge gaps. */
export async function statsMarkdown(store: Store, kb: KnowledgeBase, limit = 8, filter: StatsFilter = {}): Promise<string> {
  const [allArticles, gaps, usage, shadow] = await Promise.all([
    store.articleStats(filter),
    store.topGaps(5, filter),
    store.claudeUsageToday(),
    store.shadowResults(filter),
  ]);
  const articles = allArticles.slice(0, limit);
  const lines = ['**Answers by article** (helpful rate from votes)'];
  if (articles.length === 0) lines.push('No answers yet.');
  for (const a of articles) {
    const title = kb.byId.get(a.articleId)?.title ?? a.articleId;
    const rate = a.helpfulRate === null ? 'no votes' : `${Math.round(a.helpfulRate * 100)}% helpful (${a.up}👍 ${a.down}👎)`;
    const why = Object.entries(a.reasons)
      .sort((x, y) => (y[1] ?? 0) - (x[1] ?? 0))
      .map(([k, n]) => `${FEEDBACK_REASONS[k as FeedbackReason]} ×${n}`)
      .join(', ');
    lines.push(
      `• ${title.slice(0, 80)}: ${a.answers} answer${a.answers === 1 ? '' : 's'}, ${rate}${why ? `; not helpful because: ${why}` : ''}`,
    );
  }
  lines.push('', '**Top knowledge gaps** (errors I could not place)');
  if (gaps.length === 0) lines.push('None recorded.');
  for (const g of gaps) lines.push(`• ${g.count}× \`${g.fingerprint.slice(0, 120)}\``);
  if (shadow.length > 0) {
    lines.push('', '**Shadow mode**');
    for (const s of shadow) lines.push(`• ${s.platform} ${s.channelId}: would have answered ${s.wouldAnswer}×`);
  }
  if (usage.calls > 0)
    lines.push('', `**Claude today**: ${usage.calls} calls, ${usage.inputTokens + usage.outputTokens} tokens, ${usage.failures} failed`);
  return lines.join('\n');
}
