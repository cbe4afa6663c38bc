#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { REST, type RESTGetCurrentApplicationResult, Routes } from 'discord.js';
import { loadConfigOrExit } from '../../config.js';
import { commandPayloads } from './commands/index.js';
import { describeError } from './errors.js';
import { restBase } from './index.js';

/**
 * `npm run register-commands`: registers /diagnose, /diagnose-stats, /diagnose-channel, /diagnose-article
 * and the "Diagnose this message" and "Answer with an article" context-menu commands. With DISCORD_GUILD_ID they are registered in that
 * server only (available at once, good for testing); without it globally. Re-running replaces the set.
 */
export async function registerCommands(opts: {
  token: string;
  apiUrl?: string;
  guildId?: string;
}): Promise<{ scope: 'guild' | 'global'; applicationId: string; names: string[] }> {
  const rest = new REST({ ...(opts.apiUrl ? { api: restBase(opts.apiUrl) } : {}), retries: 1, timeout: 15_000 }).setToken(opts.token);
  const app = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
  const route = opts.guildId ? Routes.applicationGuildCommands(app.id, opts.guildId) : Routes.applicationCommands(app.id);
  const result = (await rest.put(route, { body: commandPayloads() })) as Array<{ name: string }>;
  return { scope: opts.guildId ? 'guild' : 'global', applicationId: app.id, names: result.map((c) => c.name) };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit('register-commands');
  if (!config.DISCORD_TOKEN) {
    process.stderr.write('register-commands: set DISCORD_TOKEN (the bot token from the Developer Portal)\n');
    process.exit(2);
  }
  try {
    const r = await registerCommands({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL, guildId: config.DISCORD_GUILD_ID });
    const where =
      r.scope === 'guild' ? `in server ${config.DISCORD_GUILD_ID} (available now)` : 'globally (may take a few minutes to show up)';
    process.stdout.write(`Registered ${r.names.length} commands ${where}: ${r.names.join(', ')}\n`);
  } catch (err) {
    const d = describeError(err);
    const hint =
      d.status === 401
        ? 'DISCORD_TOKEN was rejected'
        : d.status === 403 || d.code === 50001
          ? 'the bot is not in that server or lacks the applications.commands scope: re-invite it with the bot and applications.commands scopes'
          : String(d.message ?? 'unknown error');
    process.stderr.write(`register-commands failed: ${hint}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
