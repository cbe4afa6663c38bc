import type { Answer } from '../../src/bot/answer.js';
import type { Decision } from '../../src/bot/core.js';
import { ClaudeClient, type ClaudeClientOptions } from '../../src/claude/client.js';
import { ClaudeEnricher, type ClaudeEnricherOptions } from '../../src/claude/enricher.js';
import type { Metrics } from '../../src/observability/metrics.js';
import { type FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic.js';
import { botFixture, PASTES } from '../helpers/bot.js';

export const API_KEY = 'sk-ant-api03-bot-own-key-for-tests-0000000000';

/** Secrets a user might paste by accident; none of them may ever reach the Messages API. */
export const SECRETS = {
  anthropic: 'sk-ant-api03-Zq8rT2vW9xY4bC6dE1fG3hJ5kL7mN0pQ2rS4tU6vW8xY0zA2bC4dE6fG8hJ0kL2mN4pQ6rS8tU0vW2xY4zA6bC8dE0fG2hJ4kL6m-AbCdEfAA',
  awsAccess: 'AKIAZ3Q7R2XW4PL9K8MD',
  awsSecret: 'wJalrXUtnFEMIK7MDENGbPxRfiCYzQ8v3T1sLk0p',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMzQifQ.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ',
  slack: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
};

/** A 60-line Python traceback ending in "prompt is too long", with secrets planted in the middle. */
export function longTraceback(opts: { secrets?: boolean } = {}): string {
  const lines = ['Traceback (most recent call last):'];
  for (let i = 0; i < 28; i++) {
    lines.push(`  File "/srv/agent/pipeline/step_${i}.py", line ${100 + i}, in run_step_${i}`);
    lines.push(`    result = await self.next_step(ctx, attempt=${i})`);
  }
  if (opts.secrets !== false) {
    lines.push(`    client = anthropic.AsyncAnthropic(api_key="${SECRETS.anthropic}")`);
    lines.push(`    # env: AWS_ACCESS_KEY_ID=${SECRETS.awsAccess} aws_secret_access_key=${SECRETS.awsSecret}`);
    lines.push(`    # headers: Authorization: Bearer ${SECRETS.bearer}`);
    lines.push(`    # slack: ${SECRETS.slack}`);
  }
  lines.push('  File "/srv/agent/.venv/lib/python3.12/site-packages/anthropic/_base_client.py", line 1063, in request');
  lines.push('    raise self._make_status_error_from_response(err.response) from None');
  lines.push(PASTES.promptTooLong);
  return lines.join('\n');
}

export const SUMMARY_VALUE = {
  summary:
    'A Messages API call failed with 400 invalid_request_error: the prompt is too long.\nWhere: /srv/agent/pipeline/step_27.py via anthropic/_base_client.py (Python SDK).\nDecisive line: "prompt is too long: 203441 tokens > 200000 maximum"',
  article: null,
  note: null,
};
export const SUMMARY_REPLY = JSON.stringify(SUMMARY_VALUE);
/** What a model under structured outputs sends: the summary, in the schema the request asked for. */
export const SUMMARY_STRUCTURED = { kind: 'structured', value: SUMMARY_VALUE } as const;

export async function claudeFixture(
  over: Partial<ClaudeEnricherOptions> = {},
  clientOver: Partial<ClaudeClientOptions> = {},
): Promise<Awaited<ReturnType<typeof botFixture>> & { fake: FakeAnthropic; enricher: ClaudeEnricher; client: ClaudeClient }> {
  const fake = await startFakeAnthropic();
  const bot = await botFixture();
  const client = new ClaudeClient({ apiKey: API_KEY, baseURL: fake.url, backoffMs: 10, ...clientOver });
  const enricher = new ClaudeEnricher({
    client,
    kb: () => bot.kb,
    store: bot.store,
    logger: bot.logger,
    metrics: bot.metrics,
    model: 'claude-haiku-4-5',
    timeoutMs: 1_500,
    summaryMinLines: 40,
    summaryMinChars: 4_000,
    strictThreshold: 0.7,
    dailyTokenBudget: 200_000,
    userDailyTokens: 20_000,
    ...over,
  });
  return { ...bot, fake, client, enricher };
}

export function replyOf(d: Decision): Answer {
  const reply = d.actions.find((a) => a.type === 'reply');
  if (reply?.type !== 'reply') throw new Error(`no reply in decision (${d.outcome})`);
  return reply.answer;
}

export async function callCount(metrics: Metrics, labels: { purpose?: string; outcome: string }): Promise<number> {
  const { values } = await metrics.claudeCalls.get();
  return values
    .filter((v) => v.labels.outcome === labels.outcome && (!labels.purpose || v.labels.purpose === labels.purpose))
    .reduce((n, v) => n + v.value, 0);
}

export async function tokenCount(metrics: Metrics, direction: string): Promise<number> {
  const { values } = await metrics.claudeTokens.get();
  return values.find((v) => v.labels.direction === direction)?.value ?? 0;
}

// biome-ignore lint/suspicious/noExplicitAny: parsed log lines.
export function claudeLogs(lines: string[]): any[] {
  return lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'claude_assistance');
}
