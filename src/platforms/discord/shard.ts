#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { REST, type RESTGetAPIGatewayBotResult, Routes, ShardingManager } from 'discord.js';
import { type Config, loadConfigOrExit } from '../../config.js';
import { createLogger } from '../../observability/log.js';
import { restBase } from './index.js';

/**
 * `npm run start:sharded`: for bots in many servers (Discord requires sharding from 2,500). A
 * discord.js ShardingManager forks one bot process per shard (./shard-worker.ts), respawns a shard that
 * dies, and stops them all on SIGTERM/SIGINT.
 *   DISCORD_SHARDS            number of shards, or "auto" (Discord's recommendation; the default)
 *   DISCORD_SHARD_DELAY_MS    pause between shard start-ups (default 5500: Discord allows one IDENTIFY per 5 s)
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit('diagnose-bot shards');
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, production: config.NODE_ENV === 'production' }).child({
    component: 'sharding',
  });
  const token = config.DISCORD_TOKEN;
  if (!token) {
    process.stderr.write('diagnose-bot shards: set DISCORD_TOKEN\n');
    process.exit(2);
  }
  const total = config.DISCORD_SHARDS === 'auto' ? await recommendedShards(config, token) : config.DISCORD_SHARDS;
  const delay = config.DISCORD_SHARD_DELAY_MS;

  const worker = fileURLToPath(new URL(`./shard-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
  const manager = new ShardingManager(worker, {
    token,
    totalShards: total,
    mode: 'process',
    respawn: true,
    // Shards get the manager's heap limits (`npm run start:sharded` caps the young generation).
    execArgv: [
      ...(import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : []),
      ...process.execArgv.filter((a) => /^--max-(semi|old)-space-size=/.test(a)),
    ],
  });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, total }, 'shard starting');
    shard.on('death', () => {
      if (manager.respawn) logger.warn({ shard: shard.id }, 'shard process exited; respawning');
    });
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    manager.respawn = false;
    logger.info({ signal }, 'stopping all shards');
    const exits = [...manager.shards.values()].map(
      (s) =>
        new Promise<void>((resolve) => {
          const child = s.process;
          if (!child || child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    );
    await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 20_000).unref())]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await manager.spawn({ amount: total, delay, timeout: 120_000 });
  logger.info({ total }, 'all shards ready');
}

/** Discord's recommendation, asked through our REST settings (DISCORD_API_URL), which discord.js's own 'auto' would ignore. */
async function recommendedShards(config: Config, token: string): Promise<number> {
  const rest = new REST({ ...(config.DISCORD_API_URL ? { api: restBase(config.DISCORD_API_URL) } : {}), retries: 2 }).setToken(token);
  return ((await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult).shards;
}

main().catch((err) => {
  process.stderr.write(`diagnose-bot shards: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
