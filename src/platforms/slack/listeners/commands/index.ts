import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerDiagnoseCommand } from './diagnose.js';

export function registerCommands(app: App, rt: SlackRuntime): void {
  registerDiagnoseCommand(app, rt);
}
