import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../../helpers/kb.js';

/** Scopes each Web API method and event needs (docs.slack.dev method and event reference pages). */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'files.info': ['files:read'],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'usergroups.users.list': ['usergroups:read'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.publish': [],
};
const EVENT_SUBSCRIPTIONS: Record<string, { events: string[]; scopes: string[] }> = {
  app_mention: { events: ['app_mention'], scopes: ['app_mentions:read'] },
  message: { events: ['message.channels', 'message.groups', 'message.im'], scopes: ['channels:history', 'groups:history', 'im:history'] },
  reaction_added: { events: ['reaction_added'], scopes: ['reactions:read'] },
  reaction_removed: { events: ['reaction_removed'], scopes: ['reactions:read'] },
  app_home_opened: { events: ['app_home_opened'], scopes: [] },
};

async function sources(dir: string): Promise<string> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(await sources(p));
    else if (entry.name.endsWith('.ts')) out.push(await readFile(p, 'utf8'));
  }
  return out.join('\n');
}

describe('slack/manifest.yaml', () => {
  it('asks for exactly the scopes and events the code uses, and declares its command and shortcut', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: parsed YAML
    const manifest = parse(await readFile(path.join(ROOT, 'slack/manifest.yaml'), 'utf8')) as any;
    const code = await sources(path.join(ROOT, 'src/platforms/slack'));
    const methods = new Set([...code.matchAll(/\.call\('([a-z.A-Z]+)'/g)].map((m) => m[1] as string));
    const events = new Set([...code.matchAll(/app\.event\('([a-z_]+)'/g)].map((m) => m[1] as string));

    for (const m of methods) expect(METHOD_SCOPES, `scope table lacks ${m}`).toHaveProperty([m]);
    for (const e of events) expect(EVENT_SUBSCRIPTIONS, `event table lacks ${e}`).toHaveProperty([e]);
    const needed = new Set<string>(['commands']);
    for (const m of methods) for (const s of METHOD_SCOPES[m] ?? []) needed.add(s);
    for (const e of events) for (const s of EVENT_SUBSCRIPTIONS[e]?.scopes ?? []) needed.add(s);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());

    const subscribed = [...events].flatMap((e) => EVENT_SUBSCRIPTIONS[e]?.events ?? []);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(subscribed.sort());

    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/diagnose']);
    expect(code).toContain("DIAGNOSE_COMMAND = '/diagnose'");
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: 'diagnose_message' }),
      expect.objectContaining({ type: 'message', callback_id: 'answer_with_article' }),
    ]);
    expect(code).toContain("DIAGNOSE_MESSAGE_SHORTCUT = 'diagnose_message'");
    expect(code).toContain("ANSWER_WITH_ARTICLE_SHORTCUT = 'answer_with_article'");
    // The article type-ahead (external_select) needs an options URL, served by app.options.
    expect(code).toContain('app.options(');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    // HTTP mode: one URL for everything, the path the adapter mounts.
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      // The article picker's options (an external select) come from the same endpoint.
      manifest.settings.interactivity.message_menu_options_url,
      manifest.features.slash_commands[0].url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
  });
});
