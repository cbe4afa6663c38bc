import type { AppContext, PlatformAdapter } from '../context.js';

export type { PlatformAdapter } from '../context.js';

export type AdapterFactory = (ctx: AppContext) => Promise<PlatformAdapter | null>;

/** A platform could not start for a reason the operator must fix (bad token, missing scope): shown without a stack. */
export class PlatformStartError extends Error {
  override name = 'PlatformStartError';
}
