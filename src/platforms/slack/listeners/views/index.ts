import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerDiagnoseModal } from './diagnose-modal.js';
import { registerShareArticleModal } from './share-article-modal.js';

export function registerViews(app: App, rt: SlackRuntime): void {
  registerDiagnoseModal(app, rt);
  registerShareArticleModal(app, rt);
}
