import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics, one registry per running bot (tests start several). Served at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'diagnose_bot_' }); // diagnose_bot_process_cpu_…, diagnose_bot_nodejs_…
  const m = {
    registry,
    messages: new Counter({
      name: 'diagnose_bot_messages_total',
      help: 'Messages and commands seen, by platform and trigger',
      labelNames: ['platform', 'trigger'],
      registers: [registry],
    }),
    answers: new Counter({
      name: 'diagnose_bot_answers_total',
      help: 'Answers posted, by platform, trigger and kind',
      labelNames: ['platform', 'trigger', 'kind'],
      registers: [registry],
    }),
    abstentions: new Counter({
      name: 'diagnose_bot_abstentions_total',
      help: 'Messages the bot chose not to answer, by reason',
      labelNames: ['platform', 'reason'],
      registers: [registry],
    }),
    duplicatesSuppressed: new Counter({
      name: 'diagnose_bot_duplicates_suppressed_total',
      help: 'Repeat deliveries and repeated pastes not answered in full, by kind',
      labelNames: ['platform', 'kind'],
      registers: [registry],
    }),
    incidents: new Counter({
      name: 'diagnose_bot_incident_notices_total',
      help: 'Likely-incident notices posted',
      labelNames: ['platform'],
      registers: [registry],
    }),
    storeWriteErrors: new Counter({
      name: 'diagnose_bot_store_write_errors_total',
      help: 'Store writes that failed (full disk, database away): what they carried was not saved',
      registers: [registry],
    }),
    votes: new Counter({
      name: 'diagnose_bot_votes_total',
      help: 'Feedback votes recorded',
      labelNames: ['platform', 'value'],
      registers: [registry],
    }),
    corrections: new Counter({
      name: 'diagnose_bot_corrections_total',
      help: "Helpers' corrections of an answer's article",
      labelNames: ['platform'],
      registers: [registry],
    }),
    solved: new Counter({
      name: 'diagnose_bot_solved_total',
      help: 'Questions marked solved, by button or reaction',
      labelNames: ['platform', 'via'],
      registers: [registry],
    }),
    escalations: new Counter({
      name: 'diagnose_bot_escalations_total',
      help: '"Ask a human" hand-offs',
      labelNames: ['platform'],
      registers: [registry],
    }),
    secretsRedacted: new Counter({
      name: 'diagnose_bot_secrets_redacted_total',
      help: 'Secrets removed from pastes, by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    platformErrors: new Counter({
      name: 'diagnose_bot_platform_errors_total',
      help: 'Platform API failures, by platform and code',
      labelNames: ['platform', 'code'],
      registers: [registry],
    }),
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
    claudeCalls: new Counter({
      name: 'diagnose_bot_claude_calls_total',
      help: 'Claude API calls, by purpose and outcome',
      labelNames: ['purpose', 'outcome'],
      registers: [registry],
    }),
    claudeTokens: new Counter({
      name: 'diagnose_bot_claude_tokens_total',
      help: 'Claude tokens used, by direction',
      labelNames: ['direction'],
      registers: [registry],
    }),
    knowledgeArticles: new Gauge({
      name: 'diagnose_bot_knowledge_articles',
      help: 'Articles in the loaded knowledge base',
      registers: [registry],
    }),
    knowledgeReloads: new Counter({
      name: 'diagnose_bot_knowledge_reloads_total',
      help: 'Knowledge base reloads, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
