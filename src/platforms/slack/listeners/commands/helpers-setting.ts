import type { RespondArguments } from '@slack/bolt';
import { isWorkspaceAdmin } from '../../helpers.js';
import type { SlackRuntime } from '../../runtime.js';

export const HELPERS_USAGE =
  'Usage: `/diagnose settings helpers @support-group` (members of that user group can correct my answers and mark questions solved) or `/diagnose settings helpers off`. Workspace admins and owners are always helpers.';

/**
 * `/diagnose settings helpers @group|off` (workspace admins and owners): which user group counts as
 * helpers in this workspace. Saved before it is confirmed; the confirmation names the group without
 * pinging it.
 */
export async function setHelpers(
  rt: SlackRuntime,
  command: { user_id: string; team_id?: string },
  setting: { group: string | null; label: string },
  reply: (args: RespondArguments) => Promise<void>,
): Promise<void> {
  const team = command.team_id ?? '';
  if (!(await isWorkspaceAdmin(rt, command.user_id))) {
    await reply({ response_type: 'ephemeral', text: 'Only workspace admins and owners can choose who counts as a helper.' });
    return;
  }
  await rt.ctx.helperActions.helpers.setSupportGroup('slack', team, setting.group, command.user_id);
  rt.log.info({ team, group: setting.group, by: command.user_id }, 'Slack: helpers group changed');
  const label = setting.label.replace(/^@/, '').replace(/[<>&*]/g, '');
  await reply({
    response_type: 'ephemeral',
    text: setting.group
      ? `Helpers here are now the members of the user group *${label}* (\`${setting.group}\`), plus workspace admins and owners. They can correct my answers ("Wrong article?") and mark any question solved.`
      : 'No helper group any more: only workspace admins and owners can correct my answers; askers can still mark their own questions solved.',
  });
}
