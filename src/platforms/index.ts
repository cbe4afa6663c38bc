import type { AppContext } from '../context.js';
import { discordFactory } from './discord/index.js';
import { createSlackAdapter } from './slack/index.js';
import type { PlatformAdapter } from './types.js';

/**
 * The configured platforms. Each adapter module exports a factory that returns null when its
 * credentials are not set; with none configured the bot still serves the local page.
 */
export async function createPlatformAdapters(ctx: AppContext): Promise<PlatformAdapter[]> {
  const factories: Array<(ctx: AppContext) => Promise<PlatformAdapter | null>> = [createSlackAdapter, discordFactory];
  const adapters: PlatformAdapter[] = [];
  for (const factory of factories) {
    const adapter = await factory(ctx);
    if (adapter) adapters.push(adapter);
  }
  return adapters;
}
