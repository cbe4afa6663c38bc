import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningApp, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryLogger } from './bot.js';
import { KNOWLEDGE_DIR } from './kb.js';

/** Starts the real app in-process on 127.0.0.1:0 with a fresh data directory. */
export async function startTestApp(env: Record<string, string> = {}, opts: Parameters<typeof startApp>[1] = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'app-'));
  const { logger, lines } = memoryLogger();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR,
    LOG_LEVEL: 'debug',
    HOT_RELOAD: 'false',
    ...env,
  });
  const app: RunningApp = await startApp(config, { logger, enricher: () => null, ...opts });
  return { app, url: app.url, dataDir, logs: lines, config };
}

/** What POST /api/messages returns. */
export interface MessageResponse {
  outcome: string;
  thread: {
    id: string;
    posts: Array<{ author: string; text?: string; html: string | null; articleId: string | null; answerId: string | null }>;
  };
}
