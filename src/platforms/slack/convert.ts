import type { IncomingMessage } from '../../bot/core.js';

/**
 * Slack message text to the plain text a user pasted. Slack escapes `&`, `<` and `>`, wraps links as
 * `<url|label>` and mentions as `<@U123>`; an error paste must read as it was typed before diagnosis.
 */
export function slackText(raw: string, botUserId?: string): string {
  let text = raw ?? '';
  if (botUserId) text = text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ');
  text = text
    .replace(/<([@#!])([^<>|]+)\|([^<>]*)>/g, (_m, sigil: string, _id: string, label: string) => `${sigil === '!' ? '@' : sigil}${label}`)
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)>/g, '#$1')
    .replace(/<!([a-z]+)(\^[^>]*)?>/g, '@$1')
    .replace(/<((?:https?|mailto):[^<>|]+)\|([^<>]*)>/g, (_m, url: string, label: string) => (url.endsWith(label) ? url : label || url))
    .replace(/<((?:https?|mailto):[^<>|]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return text.trim();
}

export function mentionsBot(text: string | undefined, botUserId: string): boolean {
  return Boolean(text?.includes(`<@${botUserId}>`) || text?.includes(`<@${botUserId}|`));
}

/** The fields of a Slack message event (or a shortcut's message) the bot reads. */
export interface SlackMessageLike {
  type?: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  files?: SlackFile[];
}

export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  mode?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
  file_access?: string;
}

export function toIncoming(
  m: SlackMessageLike,
  opts: { channelId: string; deliveryId: string; via: IncomingMessage['via']; botUserId: string; userId?: string; community?: string },
): IncomingMessage {
  // A reply in a thread carries thread_ts (the parent's ts); a parent carries thread_ts === ts.
  const threadId = m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : null;
  return {
    platform: 'slack',
    deliveryId: opts.deliveryId,
    community: opts.community,
    channelId: opts.channelId,
    threadId,
    messageId: m.ts,
    userId: opts.userId ?? m.user ?? m.bot_id ?? 'unknown',
    isBot: opts.via === 'shortcut' ? false : Boolean(m.bot_id || m.subtype === 'bot_message'),
    via: opts.via,
    text: slackText(m.text ?? '', opts.botUserId),
  };
}

/** Slack message ts ("1700000000.000100"): what thread_ts must look like. */
export function isSlackTs(id: string | null | undefined): id is string {
  return typeof id === 'string' && /^\d+\.\d+$/.test(id);
}
