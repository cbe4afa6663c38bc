#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../observability/log.js';
import { ImportError, importLowdbFile } from '../store/postgres/import.js';
import { migrate, migrationStatus } from '../store/postgres/migrate.js';
import { CliError, runCli } from './common.js';

const USAGE = `usage: npm run db -- status               applied and pending migrations of DATABASE_URL
       npm run db -- migrate              apply pending migrations (safe while instances run or start)
       npm run db -- import FILE          import an embedded store (data/diagnose-bot.json), idempotent
options: --url URL (instead of DATABASE_URL), --json`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [command, file] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const config = (() => {
    try {
      return loadConfig();
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(err.message);
      throw err;
    }
  })();
  const url = values.url ?? config.DATABASE_URL;
  if (!url) throw new CliError('set DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/diagnose) or pass --url');
  // Logs go to stderr so --json output on stdout stays parseable.
  const logger = createLogger(
    { level: config.LOG_LEVEL, format: config.LOG_FORMAT, production: config.NODE_ENV === 'production' },
    process.stderr,
  );
  const out = (human: string, data: unknown) => process.stdout.write(values.json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);

  if (command === 'status') {
    const s = await migrationStatus(url);
    const lines = [
      `schema ${s.schema}: ${s.applied.length} applied, ${s.pending.length} pending`,
      ...s.applied.map((m) => `  applied  ${m.name}  (${m.appliedAt})`),
      ...s.pending.map((m) => `  pending  ${m.name}`),
      ...s.changed.map((m) => `  CHANGED  ${m.name}: the file differs from what was applied`),
    ];
    out(lines.join('\n'), s);
    return s.changed.length > 0 ? 1 : 0;
  }
  if (command === 'migrate') {
    const applied = await migrate(url, logger);
    out(applied.length ? `applied ${applied.join(', ')}` : 'nothing to apply: the database is up to date', { applied });
    return 0;
  }
  if (command === 'import') {
    if (!file) throw new CliError('name the file to import, for example: npm run db -- import data/diagnose-bot.json');
    const counts = await importLowdbFile(file, url, logger).catch((err: Error) => {
      throw err instanceof ImportError ? new CliError(err.message) : err;
    });
    const rows = Object.keys(counts.read).map(
      (k) =>
        `  ${k.padEnd(12)} ${String(counts.read[k as keyof typeof counts.read]).padStart(7)} read, ${counts.inserted[k as keyof typeof counts.inserted]} new`,
    );
    out([`imported ${file}:`, ...rows].join('\n'), counts);
    return 0;
  }
  throw new CliError(`unknown command ${command}\n${USAGE}`);
}

runCli(main);
