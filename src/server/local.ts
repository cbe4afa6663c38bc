import type { AppContext } from '../context.js';
import { createLocalAccess } from './access.js';
import { registerAssetRoutes } from './asset-routes.js';
import { registerDashboardRoutes } from './dashboard.js';
import { registerFeedbackRoutes } from './feedback-routes.js';
import { registerKbRoutes } from './kb-routes.js';
import { registerPlaygroundRoutes } from './playground.js';

/**
 * The local page: a support channel in the browser (paste → the threaded answer exactly as the bot
 * would give it → vote), the maintainers' dashboard, and the knowledge base as pages. With no Slack or
 * Discord credentials this is what `npm start` serves; with them it is the dashboard. Every route shares
 * one access rule (token beyond localhost, see access.ts).
 */
export function registerLocalRoutes(ctx: AppContext): void {
  const access = createLocalAccess(ctx.config);
  registerPlaygroundRoutes(ctx, access);
  registerFeedbackRoutes(ctx, access);
  registerDashboardRoutes(ctx, access.authorised);
  registerKbRoutes(ctx, access.authorised);
  registerAssetRoutes(ctx.http);
}
