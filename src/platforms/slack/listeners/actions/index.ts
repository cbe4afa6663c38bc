import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerEscalate } from './escalate.js';
import { registerFeedback } from './feedback.js';
import { registerShareArticle } from './share-article.js';

export function registerActions(app: App, rt: SlackRuntime): void {
  registerFeedback(app, rt);
  registerEscalate(app, rt);
  registerShareArticle(app, rt);
}
