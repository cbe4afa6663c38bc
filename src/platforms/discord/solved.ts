import type { AnyThreadChannel, Channel } from 'discord.js';
import type { Solved } from '../../bot/helper-actions.js';
import type { HelperCheck } from '../../bot/helper-role.js';
import type { DiscordContext } from './types.js';

/**
 * "Solved" on Discord: stored first (with the archive schedule when the answer lives in a thread), then
 * the forum's "Solved" tag is applied when the forum has one. The archive itself is SolvedArchiver's.
 */
export async function solveOnDiscord(
  dc: DiscordContext,
  s: { answerId: string; userId: string; via: 'button' | 'reaction'; channel: Channel | null; check: HelperCheck },
): Promise<Solved | { ok: false; text: string }> {
  const thread = s.channel?.isThread() ? s.channel : null;
  const r = await dc.app.helperActions.solve('discord', s.answerId, s.userId, { via: s.via, archive: thread !== null, check: s.check });
  if (!r.ok || !r.first) return r;
  if (thread) await applySolvedTag(dc, thread);
  if (r.record.archiveAt !== null) dc.archiver?.wake(r.record.archiveAt);
  return r;
}

/** Adds the forum's tag named like DISCORD_SOLVED_TAG (any case, emoji aside) to a forum post, when the forum has one. */
async function applySolvedTag(dc: DiscordContext, thread: AnyThreadChannel): Promise<void> {
  const parent = thread.parent;
  if (!parent || !('availableTags' in parent)) return;
  const wanted = dc.app.config.DISCORD_SOLVED_TAG.trim().toLowerCase();
  const tag = parent.availableTags.find((t) => t.name.trim().toLowerCase() === wanted);
  if (!tag || thread.appliedTags.includes(tag.id)) return;
  try {
    // A forum post carries at most 5 tags: keep the newest four others.
    await thread.setAppliedTags([...thread.appliedTags.slice(-4), tag.id], 'marked solved');
  } catch (err) {
    dc.reportError(err, 'applying the Solved tag', { thread: thread.id });
  }
}
