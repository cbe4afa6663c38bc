import type { AppContext } from '../../context.js';
import type { PlatformAdapter } from '../types.js';
import { SlackAdapter } from './adapter.js';

export { SLACK_EVENTS_PATH, SlackAdapter, SlackStartError } from './adapter.js';

/** The Slack front-end, when SLACK_BOT_TOKEN is set (HTTP mode, or Socket Mode with SLACK_APP_TOKEN). */
export async function createSlackAdapter(ctx: AppContext): Promise<PlatformAdapter | null> {
  if (!ctx.config.SLACK_BOT_TOKEN || ctx.config.slack.mode === 'off') return null;
  return new SlackAdapter(ctx);
}
