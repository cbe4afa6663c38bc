import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerAnswerWithArticle } from './answer-with-article.js';
import { registerDiagnoseMessage } from './diagnose-message.js';

export function registerShortcuts(app: App, rt: SlackRuntime): void {
  registerDiagnoseMessage(app, rt);
  registerAnswerWithArticle(app, rt);
}
