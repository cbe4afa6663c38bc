/**
 * Text that came from a paste (fingerprints, request ids, SDK versions, notes, reasons), made inert for
 * the platform it is posted on: no mass ping, no user or role mention, no link. Trusted text (articles,
 * the bot's own wording, the support group it means to ping) does not go through here.
 */

/** Slack mrkdwn: `&`, `<` and `>` escaped as Slack documents, so `<!channel>`, `<@U…>` and links are plain text. */
export function slackSafe(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Discord markdown: `@everyone`, `@here` and user/role/channel mentions broken with a zero-width space
 * (allowed_mentions is the second fence, on every post).
 */
export function discordSafe(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<([@#])/g, '<\u200b$1');
}

/** Both at once, for text that is shown on a platform decided later (the local page escapes HTML itself). */
export function pasteSafe(platform: string, text: string): string {
  if (platform === 'slack') return slackSafe(text);
  if (platform === 'discord') return discordSafe(text);
  return text;
}
