import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerAppHomeOpened } from './app-home-opened.js';
import { registerAppMention } from './app-mention.js';
import { registerMessage } from './message.js';
import { registerReactions } from './reactions.js';
import { registerSolvedReaction } from './solved-reaction.js';

export function registerEvents(app: App, rt: SlackRuntime): void {
  registerAppMention(app, rt);
  registerMessage(app, rt);
  registerReactions(app, rt);
  registerSolvedReaction(app, rt);
  registerAppHomeOpened(app, rt);
}
