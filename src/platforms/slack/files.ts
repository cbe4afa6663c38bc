import type { AppContext } from '../../context.js';
import type { SlackApi } from './api.js';
import type { SlackFile } from './convert.js';

/**
 * Text snippets and uploaded text or log files attached to a message, read with the bot token
 * (files:read). Binary files are skipped; a file larger than a few times MAX_PASTE_BYTES is not
 * downloaded at all (the core keeps the head and tail of what is read, within MAX_PASTE_BYTES).
 */

const TEXT_FILETYPES = new Set([
  'text',
  'log',
  'json',
  'javascript',
  'typescript',
  'python',
  'shell',
  'yaml',
  'xml',
  'csv',
  'markdown',
  'diff',
  'go',
  'java',
  'kotlin',
  'ruby',
  'rust',
  'php',
  'csharp',
  'sql',
  'toml',
  'ini',
  'plain',
]);
const TEXT_MIME = /^(text\/|application\/(json|x-ndjson|xml|javascript|x-yaml|yaml|toml|x-sh|x-python))/;
const MAX_FILES = 3;
const DOWNLOAD_TIMEOUT_MS = 10_000;

export function isTextFile(f: SlackFile): boolean {
  if (f.mode === 'snippet') return true;
  if (f.mimetype && /^(image|video|audio)\//.test(f.mimetype)) return false;
  return Boolean((f.filetype && TEXT_FILETYPES.has(f.filetype)) || (f.mimetype && TEXT_MIME.test(f.mimetype)));
}

export class SlackFiles {
  private readonly allowedHosts: Set<string>;

  constructor(
    private readonly ctx: AppContext,
    private readonly api: SlackApi,
    private readonly token: string,
  ) {
    const apiHost = ctx.config.SLACK_API_URL ? new URL(ctx.config.SLACK_API_URL).host : null;
    this.allowedHosts = new Set(apiHost ? [apiHost] : []);
  }

  /** Hosts the bot token may be sent to: Slack's own, or the host of SLACK_API_URL. */
  private mayCarryToken(url: URL): boolean {
    return (
      (url.protocol === 'https:' && /(^|\.)(slack\.com|slack-gov\.com|slack-edge\.com)$/.test(url.hostname)) ||
      this.allowedHosts.has(url.host)
    );
  }

  async read(files: SlackFile[] | undefined): Promise<Array<{ name: string; text: string }>> {
    const out: Array<{ name: string; text: string }> = [];
    for (const f of (files ?? []).slice(0, MAX_FILES)) {
      try {
        const text = await this.readOne(f);
        if (text !== null) out.push({ name: f.name ?? f.title ?? f.id, text });
      } catch (err) {
        this.ctx.logger.warn(
          { err, file: f.id, platform: 'slack' },
          'Slack: could not read an attached file; diagnosing the message text only',
        );
        this.ctx.metrics.platformErrors.inc({ platform: 'slack', code: 'file_read' });
      }
    }
    return out;
  }

  private async readOne(given: SlackFile): Promise<string | null> {
    let f = given;
    // Events may carry only a stub ({id, file_access: 'check_file_info'}); files.info has the rest.
    if (f.file_access === 'check_file_info' || (!f.url_private_download && !f.url_private)) {
      const info = await this.api.call('files.info', (c) => c.files.info({ file: f.id }));
      f = { ...f, ...(info.file as SlackFile) };
    }
    if (!isTextFile(f)) return null;
    const cap = this.ctx.config.MAX_PASTE_BYTES * 4;
    if ((f.size ?? 0) > cap) {
      this.ctx.logger.info({ file: f.id, size: f.size, cap, platform: 'slack' }, 'Slack: attached file too large to read; skipped');
      return null;
    }
    const href = f.url_private_download ?? f.url_private;
    if (!href) return null;
    const url = new URL(href);
    if (!this.mayCarryToken(url)) {
      this.ctx.logger.warn(
        { file: f.id, host: url.host, platform: 'slack' },
        'Slack: file URL is not on a Slack host; not sending the token',
      );
      return null;
    }
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${this.token}` },
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`file download answered HTTP ${res.status}`);
    const type = res.headers.get('content-type') ?? '';
    // Without files:read, Slack answers with its HTML sign-in page instead of the file.
    if (type.startsWith('text/html') && f.filetype !== 'html') {
      throw new Error('file download returned an HTML page: the app probably lacks the files:read scope');
    }
    return await readCapped(res, cap);
  }
}

async function readCapped(res: Response, cap: number): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > cap) {
      await reader.cancel();
      throw new Error(`file larger than ${cap} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
