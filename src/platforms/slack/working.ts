import type { SlackRuntime } from './runtime.js';

/** The "working on it" sign: 👀 on the message being answered, taken off once the answer is posted. */
export const WORKING_REACTION = 'eyes';

/**
 * Runs `work` with 👀 on the message (reactions:write). The sign is a courtesy: when Slack refuses it
 * (no scope yet, a channel the bot cannot react in) the failure is logged and the answer still goes out.
 */
export async function withWorkingSign<T>(rt: SlackRuntime, channel: string, ts: string, work: () => Promise<T>): Promise<T> {
  const added = await rt.api
    .call('reactions.add', (c) => c.reactions.add({ channel, timestamp: ts, name: WORKING_REACTION }))
    .then(() => true)
    .catch((err: unknown) => {
      rt.api.logFailure(err, 'adding the working-on-it reaction', { channel });
      return false;
    });
  try {
    return await work();
  } finally {
    if (added)
      await rt.api
        .call('reactions.remove', (c) => c.reactions.remove({ channel, timestamp: ts, name: WORKING_REACTION }))
        .catch((err: unknown) => rt.api.logFailure(err, 'removing the working-on-it reaction', { channel }));
  }
}
