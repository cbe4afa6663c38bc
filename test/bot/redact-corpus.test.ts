import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { redact } from '../../src/bot/redact.js';
import { SECRET_CORPUS } from '../fixtures/secret-corpus.js';

const windows = (s: string) => Array.from({ length: Math.max(0, s.length - 11) }, (_, i) => s.slice(i, i + 12));

describe('redaction against the corpus of realistic secret forms', () => {
  it.each(SECRET_CORPUS.map((f) => [f.name, f] as const))('%s', (_name, form) => {
    const r = redact(form.text);
    expect(r.found.length).toBeGreaterThan(0);
    expect(r.liveSecret || r.found.includes('url-password')).toBe(true);
    for (const secret of form.secrets) {
      const sensitive = secret.replace(/^(?:sk-ant-[a-z]+\d\d-|eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9\.)/, '');
      expect(windows(sensitive).filter((w) => r.text.includes(w))).toEqual([]);
    }
  });

  it('redacting twice changes nothing more (the masks are not secrets)', () => {
    for (const form of SECRET_CORPUS) {
      const once = redact(form.text);
      expect(redact(once.text)).toEqual({ text: once.text, found: [], liveSecret: false });
    }
  });

  it('leaves every example error paste alone: what the matcher needs is not mistaken for a secret', () => {
    const dir = path.join(import.meta.dirname, '../fixtures/examples');
    const changed: string[] = [];
    for (const family of readdirSync(dir))
      for (const file of readdirSync(path.join(dir, family))) {
        const data = parse(readFileSync(path.join(dir, family, file), 'utf8')) as { examples: Array<{ text: string }> };
        for (const e of data.examples) if (redact(e.text).found.length) changed.push(`${file}: ${e.text.slice(0, 80)}`);
      }
    expect(changed).toEqual([]);
  });

  it('keeps what a diagnosis needs around a secret: the error line, the field names, the header names', () => {
    const r = redact(
      'x-api-key: sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\nanthropic-ratelimit-tokens-reset: 2026-11-02T10:15:00Z\nmax_tokens: 64000\n{"type":"authentication_error","message":"invalid x-api-key"}',
    );
    expect(r.text).toBe(
      'x-api-key: sk-ant-…[REDACTED]\nanthropic-ratelimit-tokens-reset: 2026-11-02T10:15:00Z\nmax_tokens: 64000\n{"type":"authentication_error","message":"invalid x-api-key"}',
    );
  });

  it('placeholders are masked but not reported as live keys', () => {
    const r = redact('ANTHROPIC_API_KEY=sk-ant-api03-your-key-here-xxxxxxxxxxxxxxxx');
    expect(r.found).toEqual(['anthropic-key']);
    expect(r.liveSecret).toBe(false);
  });

  it('hostile pastes are walked once: repeated key headers and long runs of key characters lose nothing and keep their shape', () => {
    const headers = '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(20_000);
    expect(redact(headers).text).toBe('[REDACTED PRIVATE KEY]'.repeat(20_000));
    const run = `sk-ant-${'a1B2'.repeat(100_000)}`;
    expect(redact(run).text).toBe('sk-ant-…[REDACTED]');
    const tokens = 'token='.repeat(50_000);
    expect(redact(tokens).text).toBe(tokens);
  });
});
