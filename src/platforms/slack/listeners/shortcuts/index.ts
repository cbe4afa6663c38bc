import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerDiagnoseMessage } from './diagnose-message.js';

export function registerShortcuts(app: App, rt: SlackRuntime): void {
  registerDiagnoseMessage(app, rt);
}
