import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BotCore } from '../src/bot/core.js';
import { Store } from '../src/bot/store.js';
import type { KnowledgeBase } from '../src/core/knowledge/index.js';
import { silentLogger } from '../src/observability/log.js';
import type { BenchSection } from './sections.js';

const CHATTER = [
  'morning! anyone else seeing slow CI today?',
  'thanks, that worked',
  'I think the docs cover this, let me find the link',
  'can we pair on the migration after lunch?',
  'lgtm, merging',
  'what model are you using for the summariser?',
  'ok will try that and report back',
];
const PASTES = [
  `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 210443 tokens > 200000 maximum'}}`,
  'InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
  "botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand throughput isn't supported.",
];

async function throughput(kb: KnowledgeBase): Promise<void> {
  await throughputRun(kb, 10, 'default cooldowns');
  await throughputRun(kb, 0, 'no cooldowns: every paste is diagnosed');
}

async function throughputRun(kb: KnowledgeBase, cooldown: number, label: string): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-bot-'));
  const store = await Store.open(path.join(dir, 'db.json'), { logger: silentLogger, writeDelayMs: 1_000 });
  const core = new BotCore({
    kb: () => kb,
    store,
    logger: silentLogger,
    config: {
      autoReplyChannels: Array.from({ length: 50 }, (_, i) => `C${i}`),
      strictThreshold: 0.7,
      lenientThreshold: 0.4,
      channelCooldownSeconds: cooldown,
      userCooldownSeconds: cooldown * 2,
      duplicateWindowMinutes: cooldown ? 30 : 0,
      incidentWindowMinutes: 5,
      incidentThreshold: 4,
      maxPasteBytes: 512 * 1024,
    },
  });
  const n = 20_000;
  const t = performance.now();
  const outcomes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const paste = i % 10 === 0; // one message in ten is a paste
    const text = paste ? (PASTES[(i / 10) % PASTES.length] as string) : (CHATTER[i % CHATTER.length] as string);
    const d = await core.handleMessage({
      platform: 'slack',
      deliveryId: `E${i}`,
      channelId: `C${i % 50}`,
      threadId: null,
      messageId: `${i}`,
      userId: `U${i % 300}`,
      via: 'message',
      text,
    });
    outcomes.set(d.outcome, (outcomes.get(d.outcome) ?? 0) + 1);
  }
  const ms = performance.now() - t;
  console.log(
    `${label}: ${n.toLocaleString('en-US')} messages (90% chatter, 10% pastes, 50 auto-reply channels): ${Math.round((n / ms) * 1000).toLocaleString('en-US')} messages/s, ${((ms * 1000) / n).toFixed(1)} µs each`,
  );
  console.log(`  outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

async function storeGrowth(): Promise<void> {
  console.log(`${'answers stored'.padEnd(16)}  ${'vote() median'.padEnd(14)}  ${'write to disk'.padEnd(14)}  file size`);
  for (const size of [1_000, 10_000, 100_000]) {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-store-'));
    const file = path.join(dir, 'db.json');
    const store = await Store.open(file, { logger: silentLogger, writeDelayMs: 60_000, maxAnswers: 200_000 });
    const ids: string[] = [];
    for (let i = 0; i < size; i++) {
      const a = store.recordAnswer({
        platform: 'slack',
        channelId: `C${i % 40}`,
        threadId: `${1_700_000_000 + i}.000100`,
        sourceMessageId: `${1_700_000_000 + i}.000100`,
        userId: `U${i % 500}`,
        articleId: `article-${i % 117}`,
        fingerprint: `400 invalid_request_error · message number <n> of kind ${i % 300}`,
        fingerprintHash: (i % 300).toString(16).padStart(12, '0'),
        confidence: 0.9,
        trigger: 'auto',
        shadow: false,
      });
      ids.push(a.id);
    }
    const samples: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const t = process.hrtime.bigint();
      store.vote(ids[(i * 7919) % ids.length] as string, `V${i % 50}`, i % 3 ? 'up' : 'down');
      samples.push(Number(process.hrtime.bigint() - t) / 1000);
    }
    samples.sort((a, b) => a - b);
    const t = performance.now();
    await store.flush();
    const writeMs = performance.now() - t;
    const bytes = (await stat(file)).size;
    console.log(
      `${size.toLocaleString('en-US').padEnd(16)}  ${`${(samples[1_000] as number).toFixed(2)} µs`.padEnd(14)}  ${`${writeMs.toFixed(1)} ms`.padEnd(14)}  ${(bytes / 1024 / 1024).toFixed(1)} MB`,
    );
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
  console.log('  (votes update memory at once; the file is rewritten at most once per write delay, coalescing all changes)');
}

export const botSections: BenchSection[] = [
  { title: '3. Messages through the bot core (policy, redaction, diagnosis, store)', run: throughput },
  { title: '4. Recording feedback as the store grows', run: () => storeGrowth() },
];
