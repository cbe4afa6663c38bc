/**
 * Chat around the product that no article answers however well its words match ours: the account and
 * its support (a refund, a subscription that vanished or was downgraded, an email to change, a support
 * ticket nobody answers), opinions on how good the model is ("it got dumber", "lazy", "quality
 * degradation"), and the shell the tool runs in (which shell it starts, its rc files). Such messages
 * share "subscription", "plan", "Max", "Opus", "login" and "model" with our articles, and people write
 * "didn't" and "instead of" in them, which reads as trouble; nothing in them is a failed request.
 * Callers ask only of messages that report no error (see `reportsError`). Pure: regexes over the text.
 */

/** The account and its support: refunds, a subscription lost or cancelled, an email change, support silence. */
export const ACCOUNT_SUPPORT = new RegExp(
  [
    String.raw`\brefund(?:s|ed|ing)?\b|\bchargebacks?\b`,
    String.raw`\b(?:cancel|delete|close|deactivate)\w* (?:my |our |the )?(?:claude |anthropic )?account\b`,
    String.raw`\bchange (?:my |the |our )?(?:account |login )?e-?mail\b`,
    String.raw`\b(?:contact(?:ed|ing)?|reach(?:ed|ing)? out to|hear(?:d|ing)? back from|(?:no |any )?(?:response|reply|answer) from) (?:the |customer |anthropic(?:'s)? )?support\b`,
    String.raw`\bsubscription (?:has |was |got )?(?:disappeared|vanished|gone|cancell?ed|downgraded|not applied|removed)\b`,
    String.raw`\bdowngraded (?:me |my account |my plan )?to (?:the |a )?free\b`,
    String.raw`\bunauthori[sz]ed (?:charges?|upgrades?|payments?|subscriptions?)\b`,
  ].join('|'),
  'i',
);

/** An opinion that the model got worse: dumber, lazy, a quality regression. */
export const QUALITY_OPINION =
  /\b(?:dumb(?:er|ed down)|lazy|lazier|stupid(?:er)?|nerf(?:ed)?|lobotomi[sz]ed|(?:model|quality|intelligence) (?:degradation|deteriorat\w*|regression|drop)|(?:quality|model|intelligence) (?:has )?(?:degraded|dropped|got worse|gotten worse)|(?:got|getting|gotten|became|become|becoming) (?:much |way |a lot |significantly |so )?(?:worse|dumber|trash|useless|lazier|stupider))\b/i;

/** The shell the tool starts and the files that set it up: an environment question, not an API one. */
export const SHELL_SETUP =
  /\b(?:default|login|user'?s|interactive) shell\b|(?:^|[\s(~/])\.(?:zshrc|bashrc|zprofile|bash_profile|profile|zshenv)\b|\$SHELL\b|\b(?:zsh|bash|fish|powershell|git bash) (?:instead of|rather than)\b/i;

export type ChatKind = 'account-support' | 'quality-opinion' | 'shell-setup';

export const CHAT_KINDS: [ChatKind, RegExp][] = [
  ['account-support', ACCOUNT_SUPPORT],
  ['quality-opinion', QUALITY_OPINION],
  ['shell-setup', SHELL_SETUP],
];

/**
 * Kinds no article explains however strongly their words match ours: a refund or the user's shell. An
 * opinion of the model can carry a real symptom in an article's own words ("it got lazy: every answer
 * stops at max_tokens"), so a strong match still answers it.
 */
export const DECISIVE_CHAT: ReadonlySet<ChatKind> = new Set(['account-support', 'shell-setup']);
