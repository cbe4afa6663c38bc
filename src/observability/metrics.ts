import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics, one registry per running bot (tests start several). Served at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'diagnose_bot_' }); // diagnose_bot_process_cpu_…, diagnose_bot_nodejs_…
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name: `diagnose_bot_${name}`, help, labelNames, registers: [registry] });
  return {
    registry,
    messages: counter('messages_total', 'Messages and commands seen, by platform and trigger', ['platform', 'trigger']),
    answers: counter('answers_total', 'Answers posted, by platform, trigger and kind', ['platform', 'trigger', 'kind']),
    abstentions: counter('abstentions_total', 'Messages the bot chose not to answer, by reason', ['platform', 'reason']),
    duplicatesSuppressed: counter('duplicates_suppressed_total', 'Repeat deliveries and repeated pastes not answered in full, by kind', [
      'platform',
      'kind',
    ]),
    incidents: counter('incident_notices_total', 'Likely-incident notices posted', ['platform']),
    storeWriteErrors: counter(
      'store_write_errors_total',
      'Store writes that failed (full disk, database away): what they carried was not saved',
    ),
    votes: counter('votes_total', 'Feedback votes recorded', ['platform', 'value']),
    corrections: counter('corrections_total', "Helpers' corrections of an answer's article", ['platform']),
    solved: counter('solved_total', 'Questions marked solved, by button or reaction', ['platform', 'via']),
    escalations: counter('escalations_total', '"Ask a human" hand-offs', ['platform']),
    secretsRedacted: counter('secrets_redacted_total', 'Secrets removed from pastes, by kind', ['kind']),
    platformErrors: counter('platform_errors_total', 'Platform API failures, by platform and code', ['platform', 'code']),
    ackLatency: new Histogram({
      name: 'diagnose_bot_ack_latency_seconds',
      help: 'Time from receiving an event or command to acknowledging it',
      labelNames: ['platform', 'kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers: [registry],
    }),
    diagnoseLatency: new Histogram({
      name: 'diagnose_bot_diagnose_seconds',
      help: 'Time spent in diagnose()',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1],
      registers: [registry],
    }),
    claudeCalls: counter('claude_calls_total', 'Claude API calls, by purpose and outcome', ['purpose', 'outcome']),
    claudeTokens: counter('claude_tokens_total', 'Claude tokens used, by direction', ['direction']),
    knowledgeArticles: new Gauge({
      name: 'diagnose_bot_knowledge_articles',
      help: 'Articles in the loaded knowledge base',
      registers: [registry],
    }),
    knowledgeReloads: counter('knowledge_reloads_total', 'Knowledge base reloads, by outcome', ['outcome']),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
