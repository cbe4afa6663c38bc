import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerCorrect } from './correct.js';
import { registerEscalate } from './escalate.js';
import { registerFeedback } from './feedback.js';
import { registerShareArticle } from './share-article.js';
import { registerSolved } from './solved.js';

export function registerActions(app: App, rt: SlackRuntime): void {
  registerFeedback(app, rt);
  registerEscalate(app, rt);
  registerShareArticle(app, rt);
  registerSolved(app, rt);
  registerCorrect(app, rt);
}
