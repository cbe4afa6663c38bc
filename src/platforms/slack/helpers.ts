import type { HelperCheck } from '../../bot/helper-role.js';
import type { SlackRuntime } from './runtime.js';

/**
 * Who is a helper on Slack: a member of the workspace's support user group (usergroups.users.list,
 * scope usergroups:read) or a workspace admin or owner (users.info). A group's member list is fetched
 * once per minute at most, whoever asks.
 */

const GROUP_TTL_MS = 60_000;
const groupMembers = new WeakMap<SlackRuntime, Map<string, { users: Set<string>; at: number }>>();

async function membersOf(rt: SlackRuntime, group: string): Promise<Set<string>> {
  let cache = groupMembers.get(rt);
  if (!cache) {
    cache = new Map();
    groupMembers.set(rt, cache);
  }
  const hit = cache.get(group);
  if (hit && Date.now() - hit.at < GROUP_TTL_MS) return hit.users;
  const res = await rt.api.call('usergroups.users.list', (c) => c.usergroups.users.list({ usergroup: group }));
  const users = new Set(res.users ?? []);
  cache.set(group, { users, at: Date.now() });
  return users;
}

/** Workspace admins and owners; an API failure counts as "no". */
export async function isWorkspaceAdmin(rt: SlackRuntime, userId: string): Promise<boolean> {
  try {
    const res = await rt.api.call('users.info', (c) => c.users.info({ user: userId }));
    return Boolean(res.user?.is_admin || res.user?.is_owner || res.user?.is_primary_owner);
  } catch (err) {
    rt.api.logFailure(err, 'checking whether the user is a workspace admin', { user: userId });
    return false;
  }
}

export function slackHelperCheck(rt: SlackRuntime, userId: string): HelperCheck {
  return async (group) => {
    if (group) {
      try {
        if ((await membersOf(rt, group)).has(userId)) return true;
      } catch (err) {
        rt.api.logFailure(err, 'reading the support user group', { group });
      }
    }
    return isWorkspaceAdmin(rt, userId);
  };
}

/**
 * `/diagnose settings helpers <@group>|off`, read from the raw command text (a user group arrives as
 * `<!subteam^S0123|@support>`; a bare id `S0123` is accepted too). Null when the text is something else.
 */
export function parseHelpersSetting(raw: string): { group: string | null; label: string } | 'usage' | null {
  const m = /^\s*settings\s+helpers\b\s*(.*)$/is.exec(raw);
  if (!m) return null;
  const arg = (m[1] ?? '').trim();
  if (/^(off|none)$/i.test(arg)) return { group: null, label: 'off' };
  const mention = /^<!subteam\^([A-Z0-9]+)(?:\|([^>]*))?>$/.exec(arg);
  if (mention) return { group: mention[1] as string, label: mention[2] || (mention[1] as string) };
  if (/^S[A-Z0-9]{2,}$/.test(arg)) return { group: arg, label: arg };
  return 'usage';
}
