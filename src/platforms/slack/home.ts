import type { types } from '@slack/bolt';
import { HELP_TEXT, statsMarkdown } from '../../bot/commands.js';
import { type Block, SLACK_SECTION_LIMIT, toMrkdwn } from '../../render/slack.js';
import { splitText } from '../../render/text.js';
import type { SlackRuntime } from './runtime.js';

/** App Home allows 100 blocks; leave room for the header and help. */
const MAX_HOME_BLOCKS = 100;

export async function channelModesText(rt: SlackRuntime): Promise<string> {
  const { config, store } = rt.ctx;
  const rows = new Map<string, string>();
  for (const id of config.AUTO_REPLY_CHANNELS) rows.set(id, `• <#${id}>: *auto* (from AUTO_REPLY_CHANNELS)`);
  for (const setting of await store.listChannelSettings()) {
    if (setting.platform !== 'slack') continue;
    const id = setting.channelId;
    const when = new Date(setting.at).toISOString().slice(0, 10);
    rows.set(id, `• <#${id}>: *${setting.mode}* (set by <@${setting.by}> on ${when})`);
  }
  if (rows.size === 0)
    return '*Channels*\nNo channel is set to auto-reply or shadow mode: I answer only when mentioned or asked with `/diagnose`.';
  return `*Channels*\n${[...rows.values()].join('\n')}\nEverywhere else I answer only when mentioned or asked with \`/diagnose\`.`;
}

export async function homeView(rt: SlackRuntime, community?: string): Promise<types.HomeView> {
  const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'diagnose-bot', emoji: true } },
    section(HELP_TEXT),
    { type: 'divider' },
  ];
  for (const part of splitText(
    toMrkdwn(await statsMarkdown(rt.ctx.store, rt.ctx.knowledge.current, 8, community ? { community } : {})),
    SLACK_SECTION_LIMIT,
  ))
    blocks.push(section(part));
  blocks.push({ type: 'divider' });
  for (const part of splitText(await channelModesText(rt), SLACK_SECTION_LIMIT)) blocks.push(section(part));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Knowledge base: ${rt.ctx.knowledge.current.articles.length} articles · updated ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      },
    ],
  });
  return { type: 'home', blocks: blocks.slice(0, MAX_HOME_BLOCKS) as types.HomeView['blocks'] };
}
