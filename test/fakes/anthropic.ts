import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local stand-in for the Anthropic Messages API (POST /v1/messages) on 127.0.0.1, for driving the real
 * @anthropic-ai/sdk in tests. It records every request (raw body, parsed body, headers) and answers from a
 * queue of scripted replies, falling back to `respond(body)`:
 *
 * - `ok`: a message with `text`, sent as SSE when the request asked to stream, JSON otherwise;
 * - `error`: an HTTP error with the API's error body (`529 overloaded_error`, `429 rate_limit_error`, …)
 *   and optional headers such as `retry-after`;
 * - `midStreamError`: HTTP 200, the first events and some text, then `event: error` (as the API does when
 *   it overloads during a stream);
 * - `stall`: HTTP 200 and `message_start`, then nothing more (a stream that stops moving);
 * - `hang`: never answers at all;
 * - `structured`: what a model under structured outputs does: when the request carries
 *   `output_config.format` (a JSON schema), the reply is `value` as JSON, checked against that schema
 *   (a value out of schema is a bug in the test: answered 500 and listed in `schemaErrors`); when the
 *   request asked for no schema, the model answers in prose, as real models often do.
 */

export type FakeReply =
  | { kind: 'ok'; text: string; usage?: Partial<FakeUsage>; chunks?: number }
  | { kind: 'error'; status: number; type: string; message?: string; headers?: Record<string, string> }
  | { kind: 'midStreamError'; text?: string; type?: string; message?: string }
  | { kind: 'stall' }
  | { kind: 'hang' }
  | { kind: 'structured'; value: unknown; prose?: string };

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: the request body is whatever the SDK sent; tests inspect it.
  body: any;
  at: number;
}

export interface FakeAnthropic {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Structured replies that did not fit the schema the request asked for. */
  schemaErrors: string[];
  /** Replies used in order, one per request; when empty, `respond` decides. */
  enqueue(...replies: FakeReply[]): void;
  // biome-ignore lint/suspicious/noExplicitAny: see RecordedRequest.body.
  respond: (body: any) => FakeReply;
  waitFor<T>(pred: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const DEFAULT_USAGE: FakeUsage = { input_tokens: 120, output_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 5000 };

let seq = 0;
const requestId = () => `req_fake${String(++seq).padStart(8, '0')}`;

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const fake: FakeAnthropic = {
    url: '',
    port: 0,
    requests,
    schemaErrors: [],
    enqueue: (...replies) => queue.push(...replies),
    respond: () => ({ kind: 'ok', text: '{"summary": null, "article": null, "note": null}' }),
    waitFor: (pred, timeoutMs = 5_000) => waitFor(pred, timeoutMs),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = null;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body, at: Date.now() });
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        sendError(res, 404, 'not_found_error', `no route ${req.method} ${req.url}`);
        return;
      }
      if (!body || typeof body !== 'object') {
        sendError(res, 400, 'invalid_request_error', 'request body is not valid JSON');
        return;
      }
      const reply = structured(queue.shift() ?? fake.respond(body), body as StructuredRequest, fake.schemaErrors);
      serve(req, res, body as { stream?: boolean; model?: string }, reply);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}

function serve(_req: IncomingMessage, res: ServerResponse, body: { stream?: boolean; model?: string }, reply: FakeReply): void {
  const model = body.model ?? 'claude-test';
  switch (reply.kind) {
    case 'hang':
      return; // never answer; close() destroys the socket
    case 'error':
      sendError(res, reply.status, reply.type, reply.message ?? reply.type, reply.headers);
      return;
    case 'ok': {
      const usage = { ...DEFAULT_USAGE, ...reply.usage };
      if (!body.stream) {
        const id = requestId();
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': id });
        res.end(
          JSON.stringify({
            id: `msg_${id}`,
            type: 'message',
            role: 'assistant',
            model,
            content: [{ type: 'text', text: reply.text }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage,
          }),
        );
        return;
      }
      startStream(res, model, usage);
      const parts = splitInto(reply.text, reply.chunks ?? 3);
      for (const p of parts)
        sse(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } });
      sse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
      sse(res, 'message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.output_tokens },
      });
      sse(res, 'message_stop', { type: 'message_stop' });
      res.end();
      return;
    }
    case 'midStreamError': {
      startStream(res, model, { ...DEFAULT_USAGE, output_tokens: 1 });
      sse(res, 'content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: reply.text ?? '{"summary": "Partial' },
      });
      sse(res, 'error', {
        type: 'error',
        error: { type: reply.type ?? 'overloaded_error', message: reply.message ?? 'Overloaded' },
        request_id: requestId(),
      });
      res.end();
      return;
    }
    case 'stall':
      startStream(res, model, { ...DEFAULT_USAGE, output_tokens: 1 });
      return; // headers and message_start sent; nothing more
  }
}

interface StructuredRequest {
  output_config?: { format?: { type?: string; schema?: JsonSchema } };
}

/** Turns a `structured` reply into what the model would send for this request. */
function structured(reply: FakeReply, body: StructuredRequest, errors: string[]): FakeReply {
  if (reply.kind !== 'structured') return reply;
  const format = body.output_config?.format;
  if (format?.type !== 'json_schema' || !format.schema) {
    return { kind: 'ok', text: reply.prose ?? 'Sure! Here is what I found: the request failed because the prompt was too long.' };
  }
  const problems = schemaProblems(reply.value, format.schema, '$');
  if (problems.length > 0) {
    errors.push(...problems);
    return { kind: 'error', status: 500, type: 'api_error', message: `stand-in: value out of schema: ${problems.join('; ')}` };
  }
  return { kind: 'ok', text: JSON.stringify(reply.value) };
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
}

/** The subset of JSON Schema that zod's output formats use (type, properties, required, anyOf, enum). */
function schemaProblems(v: unknown, s: JsonSchema, at: string): string[] {
  if (s.anyOf) return s.anyOf.some((alt) => schemaProblems(v, alt, at).length === 0) ? [] : [`${at}: matches no anyOf branch`];
  if (s.enum && !s.enum.includes(v)) return [`${at}: not one of ${JSON.stringify(s.enum)}`];
  if (s.const !== undefined && s.const !== v) return [`${at}: not ${JSON.stringify(s.const)}`];
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const actual = v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [`${at}: ${actual}, not ${types.join('|')}`];
  }
  if (Array.isArray(v) && s.items) return v.flatMap((x, i) => schemaProblems(x, s.items as JsonSchema, `${at}[${i}]`));
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const out = (s.required ?? []).filter((k) => !(k in o)).map((k) => `${at}.${k}: missing`);
    for (const [k, x] of Object.entries(o)) {
      const sub = s.properties?.[k];
      if (sub) out.push(...schemaProblems(x, sub, `${at}.${k}`));
      else if (s.additionalProperties === false) out.push(`${at}.${k}: not allowed`);
    }
    return out;
  }
  return [];
}

function startStream(res: ServerResponse, model: string, usage: FakeUsage): void {
  const id = requestId();
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': id });
  sse(res, 'message_start', {
    type: 'message_start',
    message: {
      id: `msg_${id}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  sse(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  sse(res, 'ping', { type: 'ping' });
}

function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  const id = requestId();
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id, ...headers });
  res.end(JSON.stringify({ type: 'error', error: { type, message }, request_id: id }));
}

function splitInto(text: string, n: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, n)));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

/** Polls `pred` until it returns something truthy (no fixed sleeps in tests). */
export async function waitFor<T>(pred: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = pred();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
