import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../runtime.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import { registerOptions } from './options/index.js';
import { registerShortcuts } from './shortcuts/index.js';
import { registerViews } from './views/index.js';

/** Every listener, by surface (the layout of Slack's Bolt starter template). */
export function registerListeners(app: App, rt: SlackRuntime): void {
  registerEvents(app, rt);
  registerCommands(app, rt);
  registerActions(app, rt);
  registerViews(app, rt);
  registerShortcuts(app, rt);
  registerOptions(app, rt);
}
