import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerArticleSearch } from './article-search.js';

export function registerOptions(app: App, rt: SlackRuntime): void {
  registerArticleSearch(app, rt);
}
