import type { SlackRuntime } from './runtime.js';

/**
 * Who may change a channel's mode: workspace admins and owners (users.info: is_admin, is_owner,
 * is_primary_owner) and the channel's creator (conversations.info: creator). Slack's Web API does not
 * expose the "channel manager" role to ordinary apps, so the creator stands in for it. An API failure
 * counts as "no": better to refuse than to let anyone change it.
 */
export async function canManageChannel(
  rt: SlackRuntime,
  userId: string,
  channelId: string,
): Promise<{ allowed: boolean; botIsMember: boolean | null }> {
  let allowed = false;
  let botIsMember: boolean | null = null;
  try {
    const res = await rt.api.call('users.info', (c) => c.users.info({ user: userId }));
    allowed = Boolean(res.user?.is_admin || res.user?.is_owner || res.user?.is_primary_owner);
  } catch (err) {
    rt.api.logFailure(err, 'checking whether the user is a workspace admin', { user: userId });
  }
  try {
    const res = await rt.api.call('conversations.info', (c) => c.conversations.info({ channel: channelId }));
    if (res.channel?.creator === userId) allowed = true;
    botIsMember = res.channel?.is_member ?? null;
  } catch (err) {
    rt.api.logFailure(err, 'reading the channel (creator, membership)', { channel: channelId });
  }
  return { allowed, botIsMember };
}
