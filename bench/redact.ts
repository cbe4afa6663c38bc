import { redact } from '../src/bot/redact.js';
import { SECRET_CORPUS } from '../test/fixtures/secret-corpus.js';
import type { BenchSection } from './sections.js';

/**
 * Redaction throughput on 1 MB of text, in MB per second of CPU time (process.cpuUsage, so a busy
 * machine does not make the figure look worse than the code is): mixed log text with secrets sprinkled
 * in, and hostile inputs that used to make the private-key rule scan a window per header.
 */

const MB = 1024 * 1024;
const LOG = [
  '2026-11-02 10:14:03,512 INFO worker.pool: picked job 81723 from queue default',
  '2026-11-02 10:14:03,844 DEBUG httpx: HTTP Request: POST https://internal.example/api/v2/jobs "HTTP/1.1 200 OK"',
  '  File "/srv/app/pipeline/steps/summarise.py", line 214, in run',
  '    result = await self.client.messages.create(**params)',
  '2026-11-02 10:14:04,101 WARNING cache: miss for key summary:81723 token_count=1834 api_key_set=true',
];

function fill(size: number, parts: string[]): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const p = parts[i % parts.length] as string;
    out.push(p);
    length += p.length + 1;
  }
  return out.join('\n').slice(0, size);
}

export const REDACTION_INPUTS: Record<string, () => string> = {
  'mixed log text (no secrets)': () => fill(MB, LOG),
  'mixed log text, a secret every 20 lines': () =>
    fill(
      MB,
      SECRET_CORPUS.flatMap((f, i) => [
        ...Array.from({ length: 19 }, (_, j) => LOG[(i + j) % LOG.length] as string),
        f.text.split('\n')[0] as string,
      ]),
    ),
  'dense: a secret on every line': () =>
    fill(
      MB,
      SECRET_CORPUS.map((f) => f.text.split('\n')[0] as string),
    ),
  'hostile: repeated private-key headers': () => '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(MB / 32),
  'hostile: headers with no line breaks': () => '-----BEGIN PRIVATE KEY-----'.repeat(Math.floor(MB / 27)),
  'hostile: one run of key characters': () => `sk-ant-api03-${'a1B2c3D4'.repeat(MB / 8)}`,
  'hostile: base64 run, no prefix': () => 'aB3+/zQ9'.repeat(MB / 8),
  'hostile: key prefixes repeated': () => 'sk-ant-xoxb-AKIAghp_'.repeat(MB / 20),
  'hostile: field names repeated': () => 'token=password: secret_key='.repeat(Math.floor(MB / 27)),
  // Every line a field whose value may sit on the next line: each line is taken as the one before's value.
  'hostile: a field name on every line': () => 'password:\n'.repeat(MB / 10),
};

export function redactionRate(text: string): number {
  redact(text);
  const start = performance.now();
  const cpu = process.cpuUsage();
  let runs = 0;
  while (runs < 3 || performance.now() - start < 600) {
    redact(text);
    runs++;
  }
  const used = process.cpuUsage(cpu);
  return text.length / MB / ((used.user + used.system) / 1e6 / runs);
}

async function run(): Promise<void> {
  for (const [label, make] of Object.entries(REDACTION_INPUTS)) {
    console.log(`${label.padEnd(48)}${redactionRate(make()).toFixed(0).padStart(6)} MB/s`);
  }
}

export const redactionSections: BenchSection[] = [{ title: '5. Secret redaction throughput (1 MB inputs, CPU time)', run }];
