import path from 'node:path';

/**
 * One shard's process, forked by ./shard.ts. discord.js reads SHARDS / SHARD_COUNT from the
 * environment; this gives each shard its own data directory (one process per store file) and, when
 * PORT is fixed, its own port (PORT + shard id). Only shard 0 also runs Slack, if configured.
 */
const shardId = Number(process.env.SHARDS ?? 0);
const dataDir = process.env.DATA_DIR ?? './data';
process.env.DATA_DIR = path.join(dataDir, `shard-${shardId}`);
const port = Number(process.env.PORT ?? 3000);
if (port > 0) process.env.PORT = String(port + shardId);
if (shardId !== 0) for (const k of Object.keys(process.env)) if (k.startsWith('SLACK_')) delete process.env[k];

await import('../../main.js');
