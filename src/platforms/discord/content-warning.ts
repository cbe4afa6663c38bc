import type { Logger } from '../../observability/log.js';
import type { Metrics } from '../../observability/metrics.js';

export const MESSAGE_CONTENT_HELP =
  'Enable it in the Discord Developer Portal: Applications → your bot → Bot → Privileged Gateway Intents → Message Content Intent, then restart the bot. Until then only mentions, DMs, slash commands and "Diagnose this message" work.';

/**
 * Guild messages arriving with empty content mean the Message Content intent is not enabled: the bot
 * then sees nothing to diagnose and stays silent, which looks like a broken bot. Say so clearly, once,
 * then at most once per `everyMs` with the number of such messages in between.
 */
export class ContentIntentWarner {
  private lastWarnAt = 0;
  private suppressed = 0;
  warnings = 0;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  note(channelId: string): void {
    this.metrics.platformErrors.inc({ platform: 'discord', code: 'empty-message-content' });
    const now = this.now();
    if (this.warnings > 0 && now - this.lastWarnAt < this.everyMs) {
      this.suppressed++;
      return;
    }
    this.logger.warn(
      { channelId, emptyMessagesSinceLastWarning: this.suppressed },
      `Discord delivered a guild message with empty content: the Message Content intent is not enabled for this bot, so pasted errors cannot be read. ${MESSAGE_CONTENT_HELP}`,
    );
    this.warnings++;
    this.suppressed = 0;
    this.lastWarnAt = now;
  }
}
