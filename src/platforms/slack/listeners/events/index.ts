import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerAppHomeOpened } from './app-home-opened.js';
import { registerAppMention } from './app-mention.js';
import { registerMessage } from './message.js';
import { registerReactionAdded } from './reaction-added.js';
import { registerReactionRemoved } from './reaction-removed.js';

export function registerEvents(app: App, rt: SlackRuntime): void {
  registerAppMention(app, rt);
  registerMessage(app, rt);
  registerReactionAdded(app, rt);
  registerReactionRemoved(app, rt);
  registerAppHomeOpened(app, rt);
}
