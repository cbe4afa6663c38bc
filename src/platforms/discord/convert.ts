import { type Attachment, type Message, MessageType } from 'discord.js';
import type { IncomingMessage } from '../../bot/core.js';
import type { DiscordContext } from './types.js';

/**
 * Discord messages to the core's IncomingMessage. A thread is its own channel on Discord; for the
 * core, `channelId` is the parent (the channel whose mode applies: text channel or forum) and
 * `threadId` the thread, so follow-ups in the bot's threads and forum posts behave as in Slack.
 */

export interface Placement {
  channelId: string;
  threadId: string | null;
  dm: boolean;
}

export function placementOf(channel: Message['channel'] | null | undefined, fallbackChannelId: string): Placement {
  if (!channel) return { channelId: fallbackChannelId, threadId: null, dm: false };
  if (channel.isThread()) return { channelId: channel.parentId ?? channel.id, threadId: channel.id, dm: false };
  return { channelId: channel.id, threadId: null, dm: channel.isDMBased() };
}

/** Removes mentions of the bot itself so they do not become part of the paste. */
export function stripBotMention(text: string, botId: string): string {
  return text.replace(new RegExp(`<@!?${botId}>`, 'g'), '').trim();
}

export function mentionsBot(message: Message, botId: string): boolean {
  return message.mentions.users.has(botId);
}

/** Messages that carry a user's words (not joins, pins, thread-created notices…). */
export function isUserMessage(message: Message): boolean {
  return message.type === MessageType.Default || message.type === MessageType.Reply;
}

const TEXT_EXTENSIONS =
  /\.(txt|log|logs|out|err|json|jsonl|ndjson|md|csv|tsv|ya?ml|toml|ini|xml|html?|py|js|mjs|cjs|ts|tsx|jsx|go|rs|java|kt|rb|php|sh|trace|stacktrace|har)$/i;

/** Text files and logs only: images, archives and binaries are skipped. */
export function isTextAttachment(a: Pick<Attachment, 'name' | 'contentType'>): boolean {
  const type = (a.contentType ?? '').toLowerCase();
  if (type.startsWith('text/')) return true;
  if (/^application\/(json|x-ndjson|x-yaml|yaml|xml|javascript|x-sh|x-python)/.test(type)) return true;
  if (type && !type.startsWith('application/octet-stream')) return false;
  return TEXT_EXTENSIONS.test(a.name ?? '');
}

export class AttachmentError extends Error {}

/**
 * Downloads a text attachment, never more than `maxBytes`. A larger file is read from its end (a Range
 * request for the last `maxBytes`: errors are printed last), or cut after `maxBytes` when the server
 * ignores ranges. Only Discord's CDN (and the configured API host) are contacted.
 */
export async function readTextAttachment(
  a: Pick<Attachment, 'name' | 'url' | 'size' | 'contentType'>,
  opts: { maxBytes: number; allowedHosts: string[]; timeoutMs?: number },
): Promise<{ name: string; text: string; truncated: boolean }> {
  if (!isTextAttachment(a)) throw new AttachmentError(`${a.name} is not a text file; attach logs as .txt, .log or .json`);
  let url: URL;
  try {
    url = new URL(a.url);
  } catch {
    throw new AttachmentError(`${a.name} has no usable URL`);
  }
  if (!opts.allowedHosts.includes(url.host) || !['https:', 'http:'].includes(url.protocol))
    throw new AttachmentError(`${a.name} is not hosted on Discord's CDN; not downloaded`);
  const tail = a.size > opts.maxBytes;
  const res = await fetch(url, {
    headers: tail ? { Range: `bytes=-${opts.maxBytes}` } : {},
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    redirect: 'error',
  });
  if (!res.ok || !res.body) throw new AttachmentError(`could not download ${a.name} (HTTP ${res.status})`);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = tail;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = Buffer.from(value);
    if (size + chunk.length > opts.maxBytes) {
      chunks.push(chunk.subarray(0, opts.maxBytes - size));
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  let text = Buffer.concat(chunks).toString('utf8');
  if (res.status === 206) {
    // Started mid-file: drop the partial first line.
    const nl = text.indexOf('\n');
    if (nl >= 0 && nl < 2_000) text = text.slice(nl + 1);
    text = `[… first ${Math.round((a.size - opts.maxBytes) / 1024)} KB of ${a.name} not read …]\n${text}`;
  }
  return { name: a.name ?? 'attachment', text, truncated };
}

/** Reads every text attachment of a message within the paste budget; failures become notes, not errors. */
export async function readMessageFiles(
  dc: DiscordContext,
  attachments: Iterable<Attachment>,
): Promise<{ files: Array<{ name: string; text: string }>; skipped: string[] }> {
  const files: Array<{ name: string; text: string }> = [];
  const skipped: string[] = [];
  let budget = dc.app.config.MAX_PASTE_BYTES;
  for (const a of attachments) {
    if (!isTextAttachment(a)) continue;
    if (budget < 1024) {
      skipped.push(`${a.name}: over the paste size limit`);
      continue;
    }
    try {
      const f = await readTextAttachment(a, { maxBytes: budget, allowedHosts: dc.options.attachmentHosts });
      files.push({ name: f.name, text: f.text });
      budget -= Buffer.byteLength(f.text);
    } catch (err) {
      if (!(err instanceof AttachmentError)) dc.reportError(err, 'attachment-download', { file: a.name });
      skipped.push(err instanceof AttachmentError ? err.message : `${a.name}: download failed`);
    }
  }
  return { files, skipped };
}

/** Builds the core's view of a message; `text` is the content without the bot's mention. */
export function toIncoming(
  message: Message,
  botId: string,
  extra: { via: IncomingMessage['via']; files?: Array<{ name: string; text: string }>; prefixText?: string; deliveryId?: string },
): IncomingMessage {
  const where = placementOf(message.channel, message.channelId);
  const own = stripBotMention(message.content, botId);
  return {
    platform: 'discord',
    deliveryId: extra.deliveryId ?? message.id,
    community: message.guildId ?? undefined,
    channelId: where.channelId,
    threadId: where.threadId,
    messageId: message.id,
    userId: message.author.id,
    isBot: message.author.bot || message.webhookId !== null,
    via: extra.via,
    text: extra.prefixText ? `${extra.prefixText}\n${own}`.trim() : own,
    files: extra.files && extra.files.length > 0 ? extra.files : undefined,
  };
}
