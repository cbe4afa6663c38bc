import type { Store } from '../store/contract.js';
import type { ChannelMode, Platform } from '../store/records.js';

/** Channel settings changed with the slash commands: saved before they are confirmed. */

const NOT_ALLOWED = 'Only channel managers and workspace admins can change how I behave in this channel.';

export class ChannelSettings {
  constructor(
    private readonly store: Store,
    private readonly channelMode: (platform: Platform, channelId: string) => Promise<ChannelMode>,
  ) {}

  async setChannelMode(
    platform: Platform,
    channelId: string,
    mode: ChannelMode,
    userId: string,
    isAdmin: boolean,
    community?: string,
  ): Promise<{ ok: boolean; text: string }> {
    if (!isAdmin) return { ok: false, text: NOT_ALLOWED };
    await this.store.setChannelMode(platform, channelId, mode, userId, community);
    const what = {
      auto: 'I will answer error pastes here on my own, in threads, when I am confident.',
      shadow: 'Shadow mode: I will record what I would have answered here, without posting, so you can check my precision first.',
      off: 'I will only answer here when mentioned or asked with /diagnose.',
    }[mode];
    return { ok: true, text: `Channel mode set to *${mode}*. ${what}` };
  }

  async setChannelQuestions(
    platform: Platform,
    channelId: string,
    on: boolean,
    userId: string,
    isAdmin: boolean,
    community?: string,
  ): Promise<{ ok: boolean; text: string }> {
    if (!isAdmin) return { ok: false, text: NOT_ALLOWED };
    const mode = await this.channelMode(platform, channelId);
    await this.store.setChannelQuestions(platform, channelId, on, userId, mode, community);
    return {
      ok: true,
      text: on
        ? `Questions *on*: I will also answer questions in words here on my own, when an article clearly fits.${
            mode === 'auto' ? '' : ' This channel is not in auto mode, so for now I answer only when asked (`/diagnose channel auto`).'
          }`
        : 'Questions *off*: I answer questions here only when mentioned or asked with /diagnose.',
    };
  }
}
