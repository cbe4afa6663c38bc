import { ActionRowBuilder, ButtonBuilder, type ButtonInteraction, ButtonStyle, MessageFlags } from 'discord.js';
import { FEEDBACK_REASONS, type FeedbackReason, isFeedbackReason } from '../../../bot/store.js';
import { DISCORD_BUTTONS } from '../../../render/discord.js';
import { ack } from '../ack.js';
import { postHandoffTo } from '../sink.js';
import type { DiscordContext, InteractionHandler } from '../types.js';

type Feedback = { kind: 'up' | 'down' | 'human'; answerId: string } | { kind: 'why'; answerId: string; reason: FeedbackReason };

const PATTERN = new RegExp(
  `^(${[DISCORD_BUTTONS.helpful, DISCORD_BUTTONS.unhelpful, DISCORD_BUTTONS.escalate].map((p) => p.replace(':', '\\:')).join('|')}):(.+)$`,
);
/** The reason buttons offered after "Not helpful": fb:why:<reason>:<answerId>. */
const WHY = /^fb:why:([a-z-]{2,20}):(.+)$/;

function reasonButtons(answerId: string) {
  return [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      Object.entries(FEEDBACK_REASONS).map(([key, label]) =>
        new ButtonBuilder().setCustomId(`fb:why:${key}:${answerId}`.slice(0, 100)).setLabel(label).setStyle(ButtonStyle.Secondary),
      ),
    ),
  ];
}

/**
 * The buttons under every answer (custom ids from the renderer: fb:up|down|human:<answerId>). Votes are
 * recorded and confirmed privately at once (well inside the 3-second window); "ask a human" also posts
 * a hand-off that pings the support role where the answer is.
 */
export const feedbackButtons: InteractionHandler<Feedback> = {
  name: 'feedback-buttons',
  parse(i: ButtonInteraction) {
    const why = WHY.exec(i.customId);
    if (why) return isFeedbackReason(why[1]) ? { kind: 'why', reason: why[1], answerId: why[2] as string } : null;
    const m = PATTERN.exec(i.customId);
    if (!m) return null;
    const prefix = m[1];
    const kind = prefix === DISCORD_BUTTONS.helpful ? 'up' : prefix === DISCORD_BUTTONS.unhelpful ? 'down' : 'human';
    return { kind, answerId: m[2] as string };
  },
  async run(dc: DiscordContext, i: ButtonInteraction, fb: Feedback) {
    const { core } = dc.app;
    if (fb.kind === 'why') {
      const r = await core.vote('discord', fb.answerId, i.user.id, 'down', fb.reason);
      await ack(dc, i, 'button', () => i.update({ content: r.text, components: [] }));
      return;
    }
    if (fb.kind !== 'human') {
      const r = await core.vote('discord', fb.answerId, i.user.id, fb.kind);
      // "Not helpful" asks privately why, with one button per reason.
      const askWhy = fb.kind === 'down' && r.ok;
      await ack(dc, i, 'button', () =>
        i.reply({
          content: askWhy ? `${r.text}\nWhat was wrong with it?` : r.text,
          flags: MessageFlags.Ephemeral,
          ...(askWhy ? { components: reasonButtons(fb.answerId) } : {}),
        }),
      );
      return;
    }
    const r = await core.escalate('discord', fb.answerId, i.user.id);
    await ack(dc, i, 'button', () => i.reply({ content: r.text, flags: MessageFlags.Ephemeral }));
    if (r.action?.type !== 'handoff') return;
    const channel = i.channel ?? (await dc.client.channels.fetch(i.channelId).catch(() => null));
    if (channel?.isSendable())
      await postHandoffTo(dc, channel, r.action.text.replace(`Asked by: ${i.user.id}`, `Asked by: <@${i.user.id}>`));
    else await i.followUp({ content: r.action.text, allowedMentions: { parse: [] } });
  },
};
