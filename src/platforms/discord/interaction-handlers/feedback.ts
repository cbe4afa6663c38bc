import { type ButtonInteraction, MessageFlags } from 'discord.js';
import { DISCORD_BUTTONS } from '../../../render/discord.js';
import { ack } from '../ack.js';
import { postHandoffTo } from '../sink.js';
import type { DiscordContext, InteractionHandler } from '../types.js';

type Feedback = { kind: 'up' | 'down' | 'human'; answerId: string };

const PATTERN = new RegExp(
  `^(${[DISCORD_BUTTONS.helpful, DISCORD_BUTTONS.unhelpful, DISCORD_BUTTONS.escalate].map((p) => p.replace(':', '\\:')).join('|')}):(.+)$`,
);

/**
 * The buttons under every answer (custom ids from the renderer: fb:up|down|human:<answerId>). Votes are
 * recorded and confirmed privately at once (well inside the 3-second window); "ask a human" also posts
 * a hand-off that pings the support role where the answer is.
 */
export const feedbackButtons: InteractionHandler<Feedback> = {
  name: 'feedback-buttons',
  parse(i: ButtonInteraction) {
    const m = PATTERN.exec(i.customId);
    if (!m) return null;
    const prefix = m[1];
    const kind = prefix === DISCORD_BUTTONS.helpful ? 'up' : prefix === DISCORD_BUTTONS.unhelpful ? 'down' : 'human';
    return { kind, answerId: m[2] as string };
  },
  async run(dc: DiscordContext, i: ButtonInteraction, fb: Feedback) {
    const { core } = dc.app;
    if (fb.kind !== 'human') {
      const r = core.vote('discord', fb.answerId, i.user.id, fb.kind);
      await ack(dc, i, 'button', () => i.reply({ content: r.text, flags: MessageFlags.Ephemeral }));
      return;
    }
    const r = core.escalate('discord', fb.answerId, i.user.id);
    await ack(dc, i, 'button', () => i.reply({ content: r.text, flags: MessageFlags.Ephemeral }));
    if (r.action?.type !== 'handoff') return;
    const channel = i.channel ?? (await dc.client.channels.fetch(i.channelId).catch(() => null));
    if (channel?.isSendable())
      await postHandoffTo(dc, channel, r.action.text.replace(`Asked by: ${i.user.id}`, `Asked by: <@${i.user.id}>`));
    else await i.followUp({ content: r.action.text, allowedMentions: { parse: [] } });
  },
};
