import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

const KEY = 'sk-ant-api03-Q7wE9rT1yU3iO5pA7sD9fG1hJ3kL5zX7cV9bN1mQ3wE5rT7yU9iO1pA3sD5fG7hJ9kL1zX3cV5bN7mQ9wE1rT3yU5iO7pA9s-AbCdEfAA';
const PASTE = `ANTHROPIC_API_KEY=${KEY}\nanthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 208114 tokens > 200000 maximum'}}`;

const post = (url: string, body: unknown, cookie: string) =>
  fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', cookie }, body: JSON.stringify(body) });

describe('every echo of a paste is redacted, whatever the bot decides', () => {
  it('the local page never shows the raw paste: not when answered, not when refused for a per-user limit or a channel cooldown', async () => {
    const { app, url } = await startTestApp({ CHANNEL_COOLDOWN_SECONDS: '600', USER_COOLDOWN_SECONDS: '600' });
    try {
      const outcomes: string[] = [];
      const bodies: string[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await post(url, { text: PASTE, mode: 'mention' }, 'uid=local-sameuser1');
        const text = await res.text();
        bodies.push(text);
        outcomes.push((JSON.parse(text) as { outcome: string }).outcome);
      }
      for (let i = 0; i < 3; i++) {
        const res = await post(url, { text: PASTE, mode: 'auto' }, `uid=local-auto${i}x`);
        const text = await res.text();
        bodies.push(text);
        outcomes.push((JSON.parse(text) as { outcome: string }).outcome);
      }
      expect(outcomes).toContain('user-rate-limited');
      expect(outcomes).toContain('channel-cooldown');
      const page = await (await fetch(`${url}/`, { headers: { cookie: 'uid=local-sameuser1' } })).text();
      for (const where of [...bodies, page]) {
        expect(where).toContain('ANTHROPIC_API_KEY=sk-ant-…[REDACTED]');
        expect(where).not.toContain(KEY.slice(13, 25));
      }
    } finally {
      await app.stop('test');
    }
  });
});
