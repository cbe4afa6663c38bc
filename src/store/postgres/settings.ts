import type { ChannelMode, CommunitySettings, Platform } from '../records.js';
import type { Db } from './db.js';

/**
 * Channel modes, channel question opt-ins and per-community settings, one row each, last writer wins
 * (the slash command that set it is stored with it).
 */

export async function channelMode(db: Db, platform: Platform, channelId: string): Promise<ChannelMode | undefined> {
  const r = await db.query<{ mode: ChannelMode }>('SELECT mode FROM channel_settings WHERE platform = $1 AND channel_id = $2', [
    platform,
    channelId,
  ]);
  return r.rows[0]?.mode;
}

export async function setChannelMode(
  db: Db,
  row: { platform: Platform; channelId: string; mode: ChannelMode; community: string; by: string; at: number },
): Promise<void> {
  await db.query(
    `INSERT INTO channel_settings (platform, channel_id, mode, community, set_by, at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (platform, channel_id) DO UPDATE SET mode = EXCLUDED.mode, community = EXCLUDED.community, set_by = EXCLUDED.set_by, at = EXCLUDED.at`,
    [row.platform, row.channelId, row.mode, row.community, row.by, row.at],
  );
}

export async function channelQuestions(db: Db, platform: Platform, channelId: string): Promise<boolean> {
  const r = await db.query<{ questions: boolean }>('SELECT questions FROM channel_settings WHERE platform = $1 AND channel_id = $2', [
    platform,
    channelId,
  ]);
  return r.rows[0]?.questions === true;
}

/** A channel's first setting creates its row with `mode`; an existing row keeps its mode and, unless given, its community. */
export async function setChannelQuestions(
  db: Db,
  row: { platform: Platform; channelId: string; on: boolean; by: string; mode: ChannelMode; community?: string; at: number },
): Promise<void> {
  await db.query(
    `INSERT INTO channel_settings (platform, channel_id, mode, community, set_by, at, questions) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (platform, channel_id) DO UPDATE SET questions = EXCLUDED.questions, set_by = EXCLUDED.set_by, at = EXCLUDED.at,
       community = COALESCE($8::text, channel_settings.community)`,
    [row.platform, row.channelId, row.mode, row.community ?? '', row.by, row.at, row.on, row.community ?? null],
  );
}

export async function setCommunitySettings(db: Db, r: CommunitySettings): Promise<void> {
  await db.query(
    `INSERT INTO community_settings (platform, community, support_group, auto_reply_channels, set_by, at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (platform, community) DO UPDATE SET support_group = EXCLUDED.support_group,
       auto_reply_channels = EXCLUDED.auto_reply_channels, set_by = EXCLUDED.set_by, at = EXCLUDED.at`,
    [r.platform, r.community, r.supportGroup, JSON.stringify(r.autoReplyChannels), r.by, r.at],
  );
}
