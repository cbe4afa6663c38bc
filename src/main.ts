#!/usr/bin/env node
import { startApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { KnowledgeBaseError } from './core/knowledge/load.js';
import { PlatformStartError } from './platforms/types.js';
import { StoreLockedError } from './store/contract.js';
import { StoreEngineUnavailableError } from './store/index.js';

/** `npm start`: configuration from the environment, then the bot; SIGTERM/SIGINT shut it down gracefully. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('diagnose-bot');
  try {
    const app = await startApp(config);
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) process.exit(130);
      void app.stop(signal).then(() => process.exit(0));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    process.on('unhandledRejection', (err) => app.ctx.logger.error({ err }, 'unhandled rejection (kept running)'));
  } catch (err) {
    if (
      err instanceof KnowledgeBaseError ||
      err instanceof StoreLockedError ||
      err instanceof StoreEngineUnavailableError ||
      err instanceof PlatformStartError
    ) {
      process.stderr.write(`diagnose-bot: ${err.message}\n`);
      process.exit(2);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`diagnose-bot: port ${config.PORT} is in use; set PORT to another port\n`);
      process.exit(2);
    }
    throw err;
  }
}

void main();
