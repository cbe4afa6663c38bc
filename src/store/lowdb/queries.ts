import type {
  AnswerWithVotes,
  ArticleStats,
  ChannelSettingRow,
  DayRow,
  FeedbackCounts,
  HelperStats,
  ShadowRow,
  StatsFilter,
  StoreCounts,
} from '../contract.js';
import {
  type AnswerRecord,
  type ChannelMode,
  type ClaudeUsageDay,
  type CommunitySettings,
  channelKey,
  dayOf,
  emptyUsageDay,
  type GapRecord,
  type Platform,
  type SolvedRecord,
} from '../records.js';
import { answersPerDayOf, articleStatsOf, listAnswersOf, shadowResultsOf, topGapsOf } from '../stats.js';
import { channelSettingRowsOf, communitiesOf, dueArchivesOf, helperStatsOf } from './helpers.js';
import { replyKey, type State } from './state.js';

const DAY_MS = 86_400_000;

/**
 * The embedded engine's reads: every question the Store contract asks of the records in memory, with
 * copies handed out so a caller cannot change a stored record. The engine (engine.ts) extends this with
 * the writes, the log and the lifecycle; keeping the two apart keeps each file small enough to read.
 */
export abstract class LowdbQueries {
  constructor(
    protected readonly state: State,
    protected readonly now: () => number,
  ) {}

  async getAnswer(id: string): Promise<AnswerRecord | undefined> {
    return copy(this.state.answersById.get(id));
  }
  async answerByReplyMessage(platform: Platform, channelId: string, replyMessageId: string): Promise<AnswerRecord | undefined> {
    return copy(this.state.answerByReply.get(replyKey({ platform, channelId }, replyMessageId)));
  }
  async recentAnswer(platform: Platform, channelId: string, fingerprintHash: string, since: number): Promise<AnswerRecord | undefined> {
    const list = this.state.answers;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i] as AnswerRecord;
      if (a.at < since) return undefined;
      if (!a.shadow && a.platform === platform && a.channelId === channelId && a.fingerprintHash === fingerprintHash) return copy(a);
    }
    return undefined;
  }
  async answeredThread(platform: Platform, channelId: string, threadId: string): Promise<boolean> {
    return this.state.answeredThread(platform, channelId, threadId);
  }
  async feedbackFor(fingerprintHash: string, community = ''): Promise<FeedbackCounts> {
    return this.state.feedbackFor(fingerprintHash, community);
  }
  async solvedFor(answerId: string): Promise<SolvedRecord | undefined> {
    return copy(this.state.solved.get(answerId));
  }
  async dueArchives(at: number, limit = 20): Promise<SolvedRecord[]> {
    return dueArchivesOf(this.state, at, limit);
  }
  async helperStats(filter?: StatsFilter): Promise<HelperStats> {
    return helperStatsOf(this.state.corrections.values(), this.state.solved.values(), filter);
  }
  async channelMode(platform: Platform, channelId: string): Promise<ChannelMode | undefined> {
    return this.state.channels.get(channelKey(platform, channelId))?.mode;
  }
  async channelQuestions(platform: Platform, channelId: string): Promise<boolean> {
    return this.state.channels.get(channelKey(platform, channelId))?.questions === true;
  }
  async listChannelSettings(filter?: StatsFilter): Promise<ChannelSettingRow[]> {
    return channelSettingRowsOf(this.state.channels, filter);
  }
  async communitySettings(platform: Platform, community: string): Promise<CommunitySettings | undefined> {
    return copy(this.state.communities.get(`${platform}:${community}`));
  }
  async isClaimed(key: string): Promise<boolean> {
    return this.state.claims.has(key);
  }
  async claudeUsageToday(): Promise<ClaudeUsageDay> {
    const day = dayOf(this.now());
    return structuredClone(this.state.usage.get(day) ?? emptyUsageDay(day));
  }
  async claudeUsageDays(days: number): Promise<ClaudeUsageDay[]> {
    const first = dayOf(this.now() - (days - 1) * DAY_MS);
    return [...this.state.usage.values()]
      .filter((u) => u.day >= first)
      .sort((a, b) => a.day.localeCompare(b.day))
      .map((u) => structuredClone(u));
  }
  async articleStats(filter?: StatsFilter): Promise<ArticleStats[]> {
    return articleStatsOf(this.state.answers, this.state.votes.values(), (id) => this.state.answersById.get(id), filter);
  }
  async topGaps(limit = 10, filter?: StatsFilter): Promise<GapRecord[]> {
    return topGapsOf(this.state.gaps.values(), limit, filter).map((g) => ({ ...g }));
  }
  async shadowResults(filter?: StatsFilter): Promise<ShadowRow[]> {
    return shadowResultsOf(this.state.answers, this.state.votes.values(), (id) => this.state.answersById.get(id), filter);
  }
  async answersPerDay(days = 14, filter?: StatsFilter): Promise<DayRow[]> {
    return answersPerDayOf(this.state.answers, this.now(), days, filter);
  }
  async communities(): Promise<Array<{ platform: Platform; community: string }>> {
    return communitiesOf(this.state);
  }
  async listAnswers(filter?: StatsFilter, limit = 100): Promise<AnswerWithVotes[]> {
    return listAnswersOf(this.state.answers, (id) => this.state.votesOf(id), filter, limit);
  }
  async counts(): Promise<StoreCounts> {
    const s = this.state;
    return { answers: s.answers.length, votes: s.votes.size, gaps: s.gaps.size, claims: s.claims.size };
  }
}

export function copy<T extends object>(v: T | undefined): T | undefined {
  return v ? { ...v } : undefined;
}
