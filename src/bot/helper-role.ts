import type { Store } from '../store/contract.js';
import type { CommunitySettings, Platform } from '../store/records.js';

/**
 * Who counts as a helper in a community: people in its support group (a Slack user group, a Discord
 * role) and people who already manage the place (Slack workspace admins and owners; Discord members
 * with Manage Threads or Manage Messages). Helpers may correct the bot's answers and mark any question
 * solved.
 *
 * The group is the community's stored setting (`/diagnose settings helpers`, `/diagnose-settings
 * helpers`), else the platform's default from configuration. How membership is checked is the
 * platform's business: the adapter passes a `HelperCheck` that asks Slack or reads the Discord member.
 * Verdicts are cached briefly so a burst of clicks costs one look-up, and forgotten when the group changes.
 */

/** Is the user a helper, given the community's support group (null when none is set)? */
export type HelperCheck = (group: string | null) => Promise<boolean>;

export interface HelperRoleOptions {
  /** The group used where a community set none (SLACK_SUPPORT_GROUP, DISCORD_SUPPORT_ROLE). */
  defaults: Partial<Record<Platform, string | undefined>>;
  now?: () => number;
  /** How long a verdict is kept. */
  ttlMs?: number;
}

const DEFAULT_TTL_MS = 60_000;
const MAX_CACHED = 5_000;

export class HelperRole {
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly verdicts = new Map<string, { helper: boolean; at: number }>();
  private readonly groups = new Map<string, { group: string | null; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly opts: HelperRoleOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
  }

  /** The community's support group: its stored setting, else the configured default; null for none. */
  async supportGroup(platform: Platform, community: string): Promise<string | null> {
    const key = `${platform}:${community}`;
    const cached = this.groups.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.group;
    const stored = community ? await this.store.communitySettings(platform, community) : undefined;
    // A stored setting of "off" (null) means no group, even when configuration names one.
    const group = stored ? stored.supportGroup : (this.opts.defaults[platform] ?? null);
    this.remember(this.groups, key, { group, at: this.now() });
    return group;
  }

  async isHelper(platform: Platform, community: string, userId: string, check: HelperCheck): Promise<boolean> {
    const key = `${platform}:${community}:${userId}`;
    const cached = this.verdicts.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.helper;
    const group = await this.supportGroup(platform, community);
    // A failed look-up means "not a helper": better to refuse a correction than to let anyone make one.
    const helper = await check(group).catch(() => false);
    this.remember(this.verdicts, key, { helper, at: this.now() });
    return helper;
  }

  /** Sets (or with null, turns off) the community's support group; saved before it resolves. */
  async setSupportGroup(platform: Platform, community: string, group: string | null, by: string): Promise<CommunitySettings> {
    const old = await this.store.communitySettings(platform, community);
    const saved = await this.store.setCommunitySettings({
      platform,
      community,
      supportGroup: group,
      autoReplyChannels: old?.autoReplyChannels ?? [],
      by,
    });
    this.forget(platform, community);
    return saved;
  }

  /** Drops what is cached for a community (its group changed). */
  forget(platform: Platform, community: string): void {
    this.groups.delete(`${platform}:${community}`);
    const prefix = `${platform}:${community}:`;
    for (const key of this.verdicts.keys()) if (key.startsWith(prefix)) this.verdicts.delete(key);
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    // Oldest first: a Map iterates in insertion order, so the first key is the least recently set.
    if (map.size > MAX_CACHED) map.delete(map.keys().next().value as string);
  }
}
