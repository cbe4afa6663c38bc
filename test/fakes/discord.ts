import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A local stand-in for Discord: the REST routes the bot uses under /api/v10 and a gateway (`ws`) at
 * /gateway, on one HTTP server on 127.0.0.1:0. It records every REST call and gateway frame, answers
 * heartbeats (op 11), supports RESUME (replaying missed dispatches), serves attachment files, echoes
 * the bot's own posts back as MESSAGE_CREATE like Discord does, and can inject REST failures
 * (403, 429, 50035…) and gateway closes. Payload shapes follow ../../shared notes (tried with
 * discord.js 14.28 / @discordjs/ws 1.2).
 */

export const IDS = {
  guild: '110000000000000001',
  app: '120000000000000001',
  bot: '120000000000000001',
  autoChannel: '130000000000000001',
  chatChannel: '130000000000000002',
  forum: '130000000000000003',
  user: '140000000000000001',
  otherBot: '140000000000000099',
} as const;

export interface RecordedCall {
  method: string;
  /** Path below /api/v10, URL-decoded (`/webhooks/…/messages/@original`). */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  status: number;
}

interface FailureRule {
  method?: string;
  path: RegExp;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  times: number;
}

export interface FakeChannel {
  id: string;
  type: number;
  name: string;
  parent_id?: string | null;
  [k: string]: unknown;
}

const EPOCH = 1_420_070_400_000n;
let counter = 0n;
/** Real-looking snowflakes (discord.js derives timestamps from them). */
export function snowflake(): string {
  counter = (counter + 1n) % 4096n;
  return String(((BigInt(Date.now()) - EPOCH) << 22n) | (1n << 17n) | counter);
}

export const botUser = { id: IDS.bot, username: 'diagnose-bot', discriminator: '0', global_name: null, avatar: null, bot: true };
export const humanUser = (id: string = IDS.user, username = 'dev') => ({
  id,
  username,
  discriminator: '0',
  global_name: username,
  avatar: null,
});

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  /** Gateway frames received from clients (IDENTIFY, RESUME, heartbeats…). */
  readonly frames: Array<{ op: number; d: unknown }> = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, Record<string, unknown>>();
  readonly files = new Map<string, { body: Buffer; contentType: string; honourRange: boolean }>();
  heartbeatInterval = 41_250;
  /** Answer heartbeats with op 11; false simulates a dead ("zombie") connection. */
  ackHeartbeats = true;
  /** When set, the gateway closes with this code right after IDENTIFY (4014: disallowed intents). */
  closeOnIdentify: ((intents: number) => number | null) | null = null;
  /** Echo the bot's own REST posts back as MESSAGE_CREATE (Discord does). */
  echo = true;
  /** Guild roles besides @everyone (sent in GUILD_CREATE). */
  readonly roles: Array<{ id: string; name: string; permissions: string }> = [];
  /** Role ids of guild members, for GET /guilds/:id/members/:user. */
  readonly memberRoles = new Map<string, string[]>();
  private readonly failures: FailureRule[] = [];
  private readonly sockets = new Set<WebSocket>();
  private seq = 0;
  private sessionId = '';
  private readonly sent: Array<{ s: number; frame: string }> = [];
  private readonly wss: WebSocketServer;
  port = 0;

  private constructor(
    private readonly server: Server,
    readonly guild: { id: string; name: string },
  ) {
    this.wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/gateway')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    server.on('request', (req, res) => void this.onRequest(req, res));
  }

  static async start(): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, { id: IDS.guild, name: 'Test guild' });
    for (const c of [
      { id: IDS.autoChannel, type: 0, name: 'api-errors' },
      { id: IDS.chatChannel, type: 0, name: 'general' },
      { id: IDS.forum, type: 15, name: 'help-forum', available_tags: [], default_reaction_emoji: null },
    ])
      fake.channels.set(c.id, { ...c, guild_id: IDS.guild, position: 0, permission_overwrites: [], parent_id: null });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** What DISCORD_API_URL / rest.api should be. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }
  get identifies(): number {
    return this.frames.filter((f) => f.op === 2).length;
  }
  get resumes(): number {
    return this.frames.filter((f) => f.op === 6).length;
  }
  get connections(): number {
    return this.sockets.size;
  }

  /** The next `times` calls matching method+path answer with this error instead. */
  fail(
    match: { method?: string; path: RegExp },
    status: number,
    body: unknown = { message: 'Missing Permissions', code: 50013 },
    times = 1,
    headers?: Record<string, string>,
  ): void {
    this.failures.push({ ...match, status, body, times, headers });
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  async waitFor<T>(probe: () => T | undefined | null | false, what = 'condition', timeoutMs = 8_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > until) throw new Error(`fake discord: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  waitForCall(method: string, path: RegExp, count = 1): Promise<RecordedCall[]> {
    return this.waitFor(() => {
      const found = this.callsTo(method, path);
      return found.length >= count ? found : null;
    }, `${count}× ${method} ${path}`);
  }

  /** Sends a dispatch to every connected client (kept for RESUME replay). */
  dispatch(t: string, d: unknown): void {
    const s = ++this.seq;
    const frame = JSON.stringify({ op: 0, t, s, d });
    this.sent.push({ s, frame });
    if (this.sent.length > 500) this.sent.shift();
    for (const ws of this.sockets) ws.send(frame);
  }

  /** Closes every gateway connection with `code` (4000: unknown error → the client resumes). */
  closeGateway(code = 4000): void {
    for (const ws of this.sockets) ws.close(code, 'closed by the fake');
  }

  /** Asks clients to reconnect (op 7). */
  requestReconnect(): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ op: 7, d: null }));
  }

  addFile(name: string, body: string | Buffer, contentType = 'text/plain; charset=utf-8', honourRange = true): string {
    this.files.set(`/files/${name}`, { body: Buffer.from(body), contentType, honourRange });
    return `${this.url}/files/${name}`;
  }

  attachment(name: string, body: string, contentType = 'text/plain; charset=utf-8') {
    const id = snowflake();
    const url = this.addFile(`${id}/${name}`, body, contentType);
    return { id, filename: name, size: Buffer.byteLength(body), url, proxy_url: url, content_type: contentType };
  }

  /** A full MESSAGE_CREATE payload; `channel_id` defaults to the auto-reply channel. */
  message(over: Record<string, unknown> = {}): Record<string, unknown> {
    const channelId = (over.channel_id as string) ?? IDS.autoChannel;
    const channel = this.channels.get(channelId);
    const inGuild = channel ? channel.guild_id !== undefined : true;
    const msg = {
      id: snowflake(),
      channel_id: channelId,
      ...(inGuild ? { guild_id: IDS.guild, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false } } : {}),
      // DMs: discord.js only builds the (partial) DM channel when Discord says what type it is.
      ...(channel?.type === 1 ? { channel_type: 1 } : {}),
      author: humanUser(),
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      ...over,
    };
    this.messages.set(msg.id, msg);
    return msg;
  }

  /** Dispatches MESSAGE_CREATE and returns the payload. */
  post(over: Record<string, unknown> = {}): Record<string, unknown> {
    const msg = this.message(over);
    this.dispatch('MESSAGE_CREATE', msg);
    return msg;
  }

  /** A user edits a message: MESSAGE_UPDATE with the new content and an edited timestamp. */
  edit(message: Record<string, unknown>, content: string): Record<string, unknown> {
    const updated = { ...message, content, edited_timestamp: new Date().toISOString() };
    this.messages.set(String(message.id), updated);
    this.dispatch('MESSAGE_UPDATE', updated);
    return updated;
  }

  /**
   * Someone adds (or removes) a reaction: MESSAGE_REACTION_ADD / _REMOVE as Discord sends them, with the
   * member (and its user) on adds in a guild, only ids on removes.
   */
  react(message: Record<string, unknown>, emoji: string, user = humanUser(), remove = false): void {
    const channel = this.channels.get(String(message.channel_id));
    const guildId = channel?.guild_id as string | undefined;
    const base = {
      user_id: user.id,
      channel_id: message.channel_id,
      message_id: message.id,
      ...(guildId ? { guild_id: guildId } : {}),
      emoji: { id: null, name: emoji },
      burst: false,
      type: 0,
    };
    if (remove) this.dispatch('MESSAGE_REACTION_REMOVE', base);
    else
      this.dispatch('MESSAGE_REACTION_ADD', {
        ...base,
        ...(guildId
          ? {
              member: {
                user,
                roles: this.memberRoles.get(user.id) ?? [],
                joined_at: new Date().toISOString(),
                deaf: false,
                mute: false,
                flags: 0,
              },
            }
          : {}),
        message_author_id: (message.author as { id?: string } | undefined)?.id,
      });
  }

  /** A new forum post: THREAD_CREATE, then its starter message (id = thread id). */
  forumPost(content: string, title = 'Help: error'): { threadId: string } {
    const threadId = snowflake();
    const thread = this.threadChannel(threadId, IDS.forum, title, IDS.user);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    this.dispatch('MESSAGE_CREATE', this.message({ id: threadId, channel_id: threadId, content }));
    return { threadId };
  }

  /** An INTERACTION_CREATE payload with every field discord.js insists on. */
  interaction(over: {
    type: number;
    data: Record<string, unknown>;
    channelId?: string;
    permissions?: string;
    user?: ReturnType<typeof humanUser>;
    message?: Record<string, unknown>;
    guild?: boolean;
    /** The member's role ids (guild interactions). */
    roles?: string[];
  }): Record<string, unknown> {
    const channelId = over.channelId ?? IDS.chatChannel;
    const channel = this.channels.get(channelId) ?? { id: channelId, type: 0, name: 'x' };
    const user = over.user ?? humanUser();
    const guild = over.guild ?? true;
    return {
      id: snowflake(),
      application_id: IDS.app,
      type: over.type,
      token: `itoken-${snowflake()}`,
      version: 1,
      channel_id: channelId,
      channel,
      data: over.data,
      ...(guild
        ? {
            guild_id: IDS.guild,
            guild: { id: IDS.guild, locale: 'en-US', features: [] },
            guild_locale: 'en-US',
            member: {
              user,
              roles: over.roles ?? [],
              permissions: over.permissions ?? '0',
              joined_at: new Date().toISOString(),
              deaf: false,
              mute: false,
              flags: 0,
            },
          }
        : { user }),
      ...(over.message ? { message: over.message } : {}),
      app_permissions: '2251799813685247',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: guild ? { '0': IDS.guild } : { '1': user.id },
      context: guild ? 0 : 1,
      attachment_size_limit: 26_214_400,
    };
  }

  /** Dispatches INTERACTION_CREATE and returns the payload. */
  interact(over: Parameters<FakeDiscord['interaction']>[0]): Record<string, unknown> {
    const i = this.interaction(over);
    this.dispatch('INTERACTION_CREATE', i);
    return i;
  }

  threadChannel(id: string, parentId: string, name: string, ownerId: string): FakeChannel {
    const parent = this.channels.get(parentId);
    const thread: FakeChannel = {
      id,
      type: 11,
      name,
      guild_id: parent?.guild_id ?? IDS.guild,
      parent_id: parentId,
      owner_id: ownerId,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
      message_count: 0,
      member_count: 1,
      applied_tags: [],
      rate_limit_per_user: 0,
      flags: 0,
    };
    this.channels.set(id, thread);
    return thread;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ── gateway ─────────────────────────────────────────────────────────────────────────────────────
  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatInterval } }));
    ws.on('message', (raw) => {
      let frame: { op: number; d: Record<string, unknown> };
      try {
        frame = JSON.parse(String(raw));
      } catch {
        return;
      }
      this.frames.push(frame);
      if (frame.op === 1) {
        if (this.ackHeartbeats) ws.send(JSON.stringify({ op: 11 }));
      } else if (frame.op === 2) this.onIdentify(ws, frame.d);
      else if (frame.op === 6) this.onResume(ws, frame.d);
    });
  }

  private onIdentify(ws: WebSocket, d: Record<string, unknown>): void {
    const code = this.closeOnIdentify?.(Number(d.intents));
    if (code) {
      ws.close(code, 'refused by the fake');
      return;
    }
    this.seq = 0;
    this.sent.length = 0;
    this.sessionId = `session-${snowflake()}`;
    const send = (t: string, payload: unknown) => {
      const s = ++this.seq;
      const frame = JSON.stringify({ op: 0, t, s, d: payload });
      this.sent.push({ s, frame });
      ws.send(frame);
    };
    send('READY', {
      v: 10,
      user: botUser,
      guilds: [{ id: this.guild.id, unavailable: true }],
      session_id: this.sessionId,
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      application: { id: IDS.app, flags: 0 },
      shard: d.shard ?? [0, 1],
      private_channels: [],
    });
    const channels = [...this.channels.values()].filter((c) => c.guild_id === this.guild.id && c.type !== 11);
    const threads = [...this.channels.values()].filter((c) => c.guild_id === this.guild.id && c.type === 11);
    send('GUILD_CREATE', {
      id: this.guild.id,
      name: this.guild.name,
      icon: null,
      owner_id: IDS.user,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      features: [],
      roles: [
        {
          id: this.guild.id,
          name: '@everyone',
          permissions: '1071698660929',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        ...this.roles.map((r, n) => ({ ...r, position: n + 1, color: 0, hoist: false, managed: false, mentionable: true, flags: 0 })),
      ],
      emojis: [],
      stickers: [],
      channels,
      threads,
      members: [{ user: botUser, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      preferred_locale: 'en-US',
      premium_tier: 0,
      system_channel_flags: 0,
      nsfw_level: 0,
      verification_level: 0,
      explicit_content_filter: 0,
      default_message_notifications: 0,
      mfa_level: 0,
    });
  }

  private onResume(ws: WebSocket, d: Record<string, unknown>): void {
    if (d.session_id !== this.sessionId) {
      ws.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    const from = Number(d.seq ?? 0);
    for (const f of this.sent) if (f.s > from) ws.send(f.frame);
    const s = ++this.seq;
    const frame = JSON.stringify({ op: 0, t: 'RESUMED', s, d: {} });
    this.sent.push({ s, frame });
    ws.send(frame);
  }

  // ── REST ────────────────────────────────────────────────────────────────────────────────────────
  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = this.files.get(url.pathname);
    if (req.method === 'GET' && file) return this.serveFile(req, res, file);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    if ((req.headers['content-type'] ?? '').includes('application/json') && raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const prefix = '/api/v10';
    const path = decodeURIComponent(url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname);
    const method = req.method ?? 'GET';
    const call: RecordedCall = { method, path, query: url.searchParams, headers: req.headers, body, status: 0 };
    this.calls.push(call);

    const rule = this.failures.find((f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (rule) {
      rule.times--;
      call.status = rule.status;
      return json(res, rule.status, rule.body, rule.headers);
    }
    const [status, payload] = this.route(method, path, body as Record<string, unknown>, url.searchParams);
    call.status = status;
    if (status === 204) {
      // No content-type on 204: @discordjs/rest would try to parse an empty JSON body and throw.
      res.writeHead(204);
      res.end();
      return;
    }
    json(res, status, payload);
  }

  private route(method: string, path: string, body: Record<string, unknown>, query: URLSearchParams): [number, unknown] {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot')
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.port}/gateway`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      ];
    if (method === 'GET' && path === '/users/@me') return [200, botUser];
    if (method === 'GET' && (path === '/oauth2/applications/@me' || path === '/applications/@me'))
      return [200, { id: IDS.app, name: 'diagnose-bot', flags: 0 }];
    m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/);
    if (m && method === 'PUT')
      return [
        200,
        (body as unknown as Array<Record<string, unknown>>).map((c) => ({
          id: snowflake(),
          application_id: m?.[1],
          guild_id: m?.[2],
          version: '1',
          type: 1,
          description: '',
          ...c,
        })),
      ];
    m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/);
    if (m && method === 'POST') {
      const [, channelId, messageId] = m as unknown as [string, string, string];
      if (this.channels.has(messageId)) return [400, { message: 'A thread has already been created for this message', code: 160004 }];
      const thread = this.threadChannel(messageId, channelId, String(body.name ?? 'thread'), IDS.bot);
      this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      return [201, thread];
    }
    m = path.match(/^\/channels\/(\d+)\/messages$/);
    if (m && method === 'POST') {
      const channelId = m[1] as string;
      return [200, this.botMessage(channelId, body)];
    }
    m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/);
    if (m) {
      const msg = this.messages.get(m[2] as string);
      if (!msg) return [404, { message: 'Unknown Message', code: 10008 }];
      if (method === 'PATCH') {
        Object.assign(msg, body, { edited_timestamp: new Date().toISOString() });
        return [200, msg];
      }
      if (method === 'GET') return [200, msg];
    }
    m = path.match(/^\/channels\/(\d+)$/);
    if (m && method === 'GET') {
      const c = this.channels.get(m[1] as string);
      return c ? [200, c] : [404, { message: 'Unknown Channel', code: 10003 }];
    }
    if (m && method === 'PATCH') {
      // Editing a thread: tags, and archived / locked (kept in thread_metadata, as Discord returns them).
      const c = this.channels.get(m[1] as string);
      if (!c) return [404, { message: 'Unknown Channel', code: 10003 }];
      const { archived, locked, ...rest } = body as { archived?: boolean; locked?: boolean };
      Object.assign(c, rest);
      const meta = c.thread_metadata as Record<string, unknown> | undefined;
      if (meta && archived !== undefined) Object.assign(meta, { archived, archive_timestamp: new Date().toISOString() });
      if (meta && locked !== undefined) meta.locked = locked;
      return [200, c];
    }
    m = path.match(/^\/guilds\/(\d+)\/members\/(\d+)$/);
    if (m && method === 'GET') {
      const id = m[2] as string;
      return [
        200,
        {
          user: humanUser(id),
          roles: this.memberRoles.get(id) ?? [],
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
      ];
    }
    m = path.match(/^\/channels\/(\d+)\/typing$/);
    if (m && method === 'POST') return [204, null];
    if (method === 'POST' && path === '/users/@me/channels') {
      const id = `15${String(body.recipient_id).slice(2)}`;
      const dm = { id, type: 1, name: '', recipients: [humanUser(String(body.recipient_id))], last_message_id: null };
      this.channels.set(id, dm as FakeChannel);
      return [200, dm];
    }
    m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (m && method === 'POST') {
      if (query.get('with_response') === 'true') return [200, { interaction: { id: m[1], type: 2 }, resource: { type: body.type } }];
      return [204, null];
    }
    m = path.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/);
    if (m) {
      const key = `${m[2]}:${m[3]}`;
      if (method === 'PATCH' || method === 'GET') {
        const existing = this.messages.get(key) ?? this.botMessage(IDS.chatChannel, {}, false);
        Object.assign(existing, method === 'PATCH' ? body : {});
        this.messages.set(key, existing);
        return [200, existing];
      }
      if (method === 'DELETE') return [204, null];
    }
    m = path.match(/^\/webhooks\/(\d+)\/([^/]+)$/);
    if (m && method === 'POST') return [200, this.botMessage(IDS.chatChannel, body, false)];
    return [404, { message: `fake discord: no route for ${method} ${path}`, code: 0 }];
  }

  private botMessage(channelId: string, body: Record<string, unknown>, echo = true): Record<string, unknown> {
    const channel = this.channels.get(channelId);
    const guildId = channel?.guild_id as string | undefined;
    const msg: Record<string, unknown> = {
      id: snowflake(),
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: botUser,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      type: body.message_reference ? 19 : 0,
      flags: body.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(body.message_reference ? { message_reference: body.message_reference } : {}),
    };
    this.messages.set(msg.id as string, msg);
    if (echo && this.echo) setTimeout(() => this.dispatch('MESSAGE_CREATE', msg), 1);
    return msg;
  }

  private serveFile(req: IncomingMessage, res: ServerResponse, file: { body: Buffer; contentType: string; honourRange: boolean }): void {
    this.calls.push({ method: 'GET', path: req.url ?? '', query: new URLSearchParams(), headers: req.headers, body: null, status: 200 });
    const range = /^bytes=-(\d+)$/.exec(String(req.headers.range ?? ''));
    if (range && file.honourRange) {
      const n = Math.min(Number(range[1]), file.body.length);
      const start = file.body.length - n;
      res.writeHead(206, {
        'Content-Type': file.contentType,
        'Content-Range': `bytes ${start}-${file.body.length - 1}/${file.body.length}`,
        'Content-Length': n,
      });
      res.end(file.body.subarray(start));
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    res.end(file.body);
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
