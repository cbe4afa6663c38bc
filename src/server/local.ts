import type { AppContext } from '../app.js';

/** The local playground and maintainers' dashboard (pages, their JSON API, article pages). */
export function registerLocalRoutes(_ctx: AppContext): void {}
