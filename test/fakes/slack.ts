import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A local stand-in for Slack: the Web API (`POST /api/<method>`, form or JSON bodies, recorded), file
 * downloads (`GET /files/<name>`, bot token required), `response_url` hooks (`POST /response/<id>`) and a
 * Socket Mode WebSocket (`apps.connections.open` → `ws://…/link`). Listens on 127.0.0.1:0 only.
 */

export interface FakeCall {
  method: string;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON bodies
  body: Record<string, any>;
  headers: IncomingMessage['headers'];
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: Slack payloads are plain JSON
type Json = Record<string, any>;
/** A per-method override: return a reply, or undefined to fall through to the default. */
export type Responder = (call: FakeCall) => FakeReply | Json | undefined;

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

export interface SocketEnvelope {
  type: 'events_api' | 'slash_commands' | 'interactive';
  payload: Json;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface FakeSlack {
  port: number;
  /** Web API base URL, for SLACK_API_URL. */
  apiUrl: string;
  origin: string;
  calls: FakeCall[];
  callsTo(method: string): FakeCall[];
  /** Overrides one method's answers (the responder sees every call; undefined falls through to the default). */
  on(method: string, responder: Responder): void;
  /** A file served at `${origin}/files/<name>`. */
  addFile(name: string, content: string, contentType?: string): string;
  waitFor<T>(pick: () => T | undefined | null | false, what?: string, timeoutMs?: number): Promise<T>;
  /** Socket Mode: how many connections said hello; send an envelope and get its ack. */
  socket: {
    connections(): number;
    send(envelope: SocketEnvelope): Promise<Json>;
    disconnectAll(reason?: string): void;
  };
  close(): Promise<void>;
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = opts.botToken ?? 'xoxb-test';
  const appToken = opts.appToken ?? 'xapp-test';
  const botUserId = opts.botUserId ?? 'UBOT';
  const botId = opts.botId ?? 'BBOT';
  const teamId = opts.teamId ?? 'T1';
  const calls: FakeCall[] = [];
  const responders = new Map<string, Responder[]>();
  const files = new Map<string, { content: string; contentType: string }>();
  let ts = 1_700_000_000;
  let seq = 0;
  const nextTs = () => `${ts++}.${String(++seq).padStart(6, '0')}`;
  let origin = '';

  const defaults: Record<string, (c: FakeCall) => Json> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://acme.slack.com/',
      team: 'Acme',
      user: 'diagnose-bot',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
    }),
    'chat.postMessage': (c) => ({
      ok: true,
      channel: String(c.body.channel).startsWith('U') ? `D${String(c.body.channel).slice(1)}` : c.body.channel,
      ts: nextTs(),
      message: { text: c.body.text, bot_id: botId, user: botUserId },
    }),
    'chat.update': (c) => ({ ok: true, channel: c.body.channel, ts: c.body.ts, text: c.body.text }),
    'chat.postEphemeral': () => ({ ok: true, message_ts: nextTs() }),
    'views.open': () => ({ ok: true, view: { id: `V${++seq}` } }),
    'views.publish': () => ({ ok: true, view: { id: `V${++seq}` } }),
    'users.info': (c) => ({ ok: true, user: { id: c.body.user, is_admin: false, is_owner: false, is_primary_owner: false } }),
    'conversations.info': (c) => ({ ok: true, channel: { id: c.body.channel, creator: 'UCREATOR', is_member: true } }),
    'files.info': (c) => ({ ok: false, error: 'file_not_found', file: c.body.file }),
    'apps.connections.open': () => ({ ok: true, url: `${origin.replace('http', 'ws')}/link/?ticket=${randomUUID()}&app_id=A1` }),
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  const wss = new WebSocketServer({ server, path: '/link/' });
  const sockets = new Set<WebSocket>();
  const pendingAcks = new Map<string, (payload: Json) => void>();
  let hellos = 0;
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      let msg: Json;
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      const resolve = msg.envelope_id ? pendingAcks.get(msg.envelope_id) : undefined;
      if (resolve) {
        pendingAcks.delete(msg.envelope_id);
        resolve(msg.payload ?? {});
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
    hellos++;
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readAll(req);
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      const file = files.get(decodeURIComponent(url.pathname.slice('/files/'.length)));
      calls.push({ method: 'file.download', body: { path: url.pathname }, headers: req.headers });
      if (req.headers.authorization !== `Bearer ${botToken}`) {
        // Slack answers a missing or wrong token with its HTML sign-in page, not an error status.
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html>sign in</html>');
        return;
      }
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': file.contentType }).end(file.content);
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      calls.push({ method: 'response_url', body: parseBody(raw, req.headers['content-type']), headers: req.headers });
      send(res, { status: 200, body: { ok: true } });
      return;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const call: FakeCall = { method, body: parseBody(raw, req.headers['content-type']), headers: req.headers };
    calls.push(call);
    const expected = method === 'apps.connections.open' ? appToken : botToken;
    const auth = req.headers.authorization ?? (call.body.token ? `Bearer ${call.body.token}` : '');
    if (auth !== `Bearer ${expected}`) {
      send(res, { status: 200, body: { ok: false, error: 'invalid_auth' } });
      return;
    }
    for (const responder of responders.get(method) ?? []) {
      const reply = responder(call);
      if (reply !== undefined) {
        send(res, 'body' in reply && (reply.status !== undefined || reply.headers !== undefined) ? (reply as FakeReply) : { body: reply });
        return;
      }
    }
    const def = defaults[method];
    send(res, { body: def ? def(call) : { ok: true } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    port,
    origin,
    apiUrl: `${origin}/api/`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    on(method, responder) {
      responders.set(method, [...(responders.get(method) ?? []), responder]);
    },
    addFile(name, content, contentType = 'text/plain') {
      files.set(name, { content, contentType });
      return `${origin}/files/${encodeURIComponent(name)}`;
    },
    waitFor: (pick, what = 'condition', timeoutMs = 8_000) => waitFor(pick, what, timeoutMs),
    socket: {
      connections: () => hellos,
      send(envelope) {
        const envelope_id = randomUUID();
        // The newest open connection (after a reconnect the old one may still be closing).
        const ws = [...sockets].filter((w) => w.readyState === w.OPEN).at(-1);
        if (!ws) return Promise.reject(new Error('no Socket Mode connection'));
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ack for ${envelope.type} envelope`)), 8_000);
          pendingAcks.set(envelope_id, (payload) => {
            clearTimeout(timer);
            resolve(payload);
          });
          ws.send(
            JSON.stringify({
              envelope_id,
              accepts_response_payload: envelope.type !== 'events_api',
              retry_attempt: 0,
              retry_reason: '',
              ...envelope,
            }),
          );
        });
      },
      disconnectAll(reason = 'refresh_requested') {
        for (const ws of sockets) ws.send(JSON.stringify({ type: 'disconnect', reason }));
      },
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function send(res: ServerResponse, reply: FakeReply): void {
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): Json {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Json;
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // web-api sends arrays and objects (blocks, view) as JSON strings inside the form.
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v;
  }
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Polls until `pick` returns something truthy. */
export async function waitFor<T>(pick: () => T | undefined | null | false, what = 'condition', timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = pick();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ── Signed requests, as Slack sends them ─────────────────────────────────────────────────────────

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Extra headers, e.g. x-slack-retry-num. */
  headers?: Record<string, string>;
  /** Sign with this secret instead (a forged request). */
  signWith?: string;
  timestamp?: number;
}

/** POSTs a body signed like Slack does; content type exactly as Slack sends it (no charset). */
export async function signedPost(url: string, body: string, contentType: string, opts: SignedPostOptions): Promise<Response> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(opts.signWith ?? opts.secret, timestamp, body),
      ...opts.headers,
    },
    body,
  });
}

let eventSeq = 0;
/** An Events API envelope around `event`. */
export function eventEnvelope(event: Json, over: Json = {}): Json {
  eventSeq++;
  return {
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${Date.now().toString(36)}${eventSeq}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true, enterprise_id: null, is_enterprise_install: false }],
    event,
    ...over,
  };
}

let tsSeq = 0;
/** A fresh Slack message timestamp. */
export function slackTs(): string {
  tsSeq++;
  return `${1_800_000_000 + tsSeq}.${String(tsSeq).padStart(6, '0')}`;
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
