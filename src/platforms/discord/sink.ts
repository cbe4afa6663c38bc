import {
  type BaseMessageOptions,
  type ChatInputCommandInteraction,
  type Message,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type SendableChannels,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import type { Answer } from '../../bot/answer.js';
import type { BotAction, ReplyTarget } from '../../bot/core.js';
import type { ReplySink } from '../../bot/dispatch.js';
import { renderDiscord, renderDiscordText } from '../../render/discord.js';
import { apiCode, DiscordCodes } from './errors.js';
import type { DiscordContext } from './types.js';

/** An answer as discord.js message options: embed + buttons from the shared renderer. */
export function answerPayload(answer: Answer): BaseMessageOptions {
  const r = renderDiscord(answer);
  return { content: r.content, embeds: r.embeds, components: r.components, allowedMentions: { parse: [] } };
}

/** The text-only form, for channels where the bot may not embed links (50013 on an embed). */
export function answerTextPayload(answer: Answer): BaseMessageOptions {
  return { content: renderDiscordText(answer), embeds: [], components: answerPayload(answer).components, allowedMentions: { parse: [] } };
}

/**
 * Sends an answer; when Discord refuses the embed for missing permissions (Embed Links), sends the
 * plain-text rendering instead. Other failures are counted and thrown to dispatch(), which logs them.
 */
export async function sendAnswer(dc: DiscordContext, send: (p: BaseMessageOptions) => Promise<Message>, answer: Answer): Promise<Message> {
  try {
    return await send(answerPayload(answer));
  } catch (err) {
    if (apiCode(err) !== DiscordCodes.MissingPermissions) throw counted(dc, err, 'post-answer');
    dc.reportError(err, 'post-answer-embed', { fallback: 'text' });
    try {
      return await send(answerTextPayload(answer));
    } catch (err2) {
      throw counted(dc, err2, 'post-answer-text');
    }
  }
}

/** Counts and logs a platform failure (the metric and the hint), then hands it back for rethrow. */
function counted(dc: DiscordContext, err: unknown, where: string): unknown {
  dc.reportError(err, where);
  if (err instanceof Error) Object.defineProperty(err, 'reported', { value: true });
  return err;
}

export function threadName(answer: Answer): string {
  const name = answer.title.replace(/\s+/g, ' ').trim();
  return (name || 'Diagnosis').slice(0, 100);
}

/**
 * Replies to a message: into the thread it is in, or a thread started from it (thread id = message id),
 * or, where threads are impossible (DMs, no Create Public Threads permission), as a reply to it.
 */
export class MessageSink implements ReplySink {
  private readonly channels = new Map<string, SendableChannels>();
  private readonly postedIn = new Map<string, Message>();

  constructor(
    private readonly dc: DiscordContext,
    private readonly source: Message,
  ) {}

  async postAnswer(target: ReplyTarget, answer: Answer): Promise<string | null> {
    const channel = await this.threadFor(target, threadName(answer));
    const posted = await sendAnswer(this.dc, (p) => (channel ? channel.send(p) : this.source.reply(p)), answer);
    this.postedIn.set(posted.id, posted);
    return posted.id;
  }

  /** A message this sink posted, by id. */
  posted(messageId: string): Message | undefined {
    return this.postedIn.get(messageId);
  }

  async updateAnswer(_target: ReplyTarget, messageId: string, answer: Answer): Promise<void> {
    const posted = this.postedIn.get(messageId);
    if (!posted) return;
    await sendAnswer(this.dc, (p) => posted.edit({ ...p, content: p.content ?? null }), answer);
  }

  /** Discord has no ephemeral messages outside interactions: a DM, else a mention in the thread. */
  async postEphemeral(action: Extract<BotAction, { type: 'ephemeral' }>): Promise<void> {
    try {
      await this.dc.client.users.send(action.userId, { content: action.text, allowedMentions: { parse: [] } });
      return;
    } catch (err) {
      if (apiCode(err) !== DiscordCodes.CannotSendToUser) this.dc.reportError(err, 'post-ephemeral-dm');
    }
    const channel = await this.threadFor(
      { platform: 'discord', channelId: action.channelId, threadId: action.threadId ?? this.source.id },
      'diagnose-bot',
    );
    const payload = { content: `<@${action.userId}> ${action.text}`, allowedMentions: { users: [action.userId] } };
    await (channel ? channel.send(payload) : this.source.reply(payload)).catch((err) => {
      throw counted(this.dc, err, 'post-ephemeral');
    });
  }

  async postHandoff(target: ReplyTarget, text: string): Promise<void> {
    const channel = await this.threadFor(target, 'Support hand-off');
    await postHandoffTo(this.dc, channel ?? this.source.channel, text);
  }

  private async threadFor(target: ReplyTarget, name: string): Promise<SendableChannels | null> {
    const cached = this.channels.get(target.threadId);
    if (cached) return cached;
    const source = this.source;
    let channel: SendableChannels | null = null;
    if (source.channel.isThread() && source.channel.id === target.threadId) channel = source.channel;
    else if (!source.inGuild()) channel = null;
    else if (target.threadId === source.id) channel = await this.startThread(name);
    else {
      const found = await this.dc.client.channels.fetch(target.threadId).catch(() => null);
      channel = found?.isSendable() ? found : null;
    }
    if (channel) this.channels.set(target.threadId, channel);
    return channel;
  }

  private async startThread(name: string): Promise<SendableChannels | null> {
    const source = this.source;
    if (source.thread) return source.thread;
    if (!source.channel.isTextBased() || source.channel.isThread() || source.channel.isDMBased()) return null;
    try {
      return await source.startThread({ name, autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
    } catch (err) {
      if (apiCode(err) === DiscordCodes.ThreadAlreadyCreated) {
        const existing = await this.dc.client.channels.fetch(source.id).catch(() => null);
        if (existing?.isSendable()) return existing;
      }
      // No thread possible here (permissions, channel type): answer as a reply instead.
      this.dc.reportError(err, 'start-thread', { fallback: 'reply' });
      return null;
    }
  }
}

/** A hand-off pings the support role (only that role) where the answer lives. */
export async function postHandoffTo(dc: DiscordContext, channel: Message['channel'] | SendableChannels, text: string): Promise<void> {
  // Only the support role the core put at the start of the hand-off may ping (the configured one, or the
  // server's own from /diagnose-settings helpers); everything after it came from a paste.
  const role = /^<@&(\d+)>/.exec(text)?.[1];
  if (!channel.isSendable()) throw new Error('cannot post the hand-off: channel not sendable');
  await channel.send({ content: text, allowedMentions: { parse: [], roles: role ? [role] : [] } }).catch((err) => {
    throw counted(dc, err, 'post-handoff');
  });
}

/**
 * Answers for a deferred slash command: the first answer edits the deferred reply, later ones follow
 * up; ephemeral notices are ephemeral follow-ups.
 */
export class InteractionSink implements ReplySink {
  /** The deferred reply was replaced by an answer. */
  usedOriginal = false;
  ephemeralSent = 0;

  constructor(
    private readonly dc: DiscordContext,
    private readonly interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  ) {}

  async postAnswer(_target: ReplyTarget, answer: Answer): Promise<string | null> {
    const i = this.interaction;
    if (!this.usedOriginal) {
      this.usedOriginal = true;
      const m = await sendAnswer(this.dc, (p) => i.editReply(p), answer);
      return m.id;
    }
    const m = await sendAnswer(this.dc, (p) => i.followUp(p), answer);
    return m.id;
  }

  async updateAnswer(_target: ReplyTarget, messageId: string, answer: Answer): Promise<void> {
    const i = this.interaction;
    await sendAnswer(this.dc, (p) => i.webhook.editMessage(messageId, { ...p, content: p.content ?? null }), answer);
  }

  async postEphemeral(action: Extract<BotAction, { type: 'ephemeral' }>): Promise<void> {
    this.ephemeralSent++;
    await this.interaction.followUp({ content: action.text, flags: MessageFlags.Ephemeral }).catch((err) => {
      throw counted(this.dc, err, 'post-ephemeral');
    });
  }

  async postHandoff(_target: ReplyTarget, text: string): Promise<void> {
    const role = /^<@&(\d+)>/.exec(text)?.[1];
    await this.interaction.followUp({ content: text, allowedMentions: { parse: [], roles: role ? [role] : [] } }).catch((err) => {
      throw counted(this.dc, err, 'post-handoff');
    });
  }
}
