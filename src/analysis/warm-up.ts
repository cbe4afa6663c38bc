/**
 * A made-up log with an API error in it, read a few times by each new worker before it reports ready.
 *
 * V8 compiles a worker's code and regular expressions on first use, in its own isolate: without this,
 * the first few large pastes after start-up or a hot reload run two to three times slower than the
 * rest (measured with `npm run bench`, section 6). The lines mix what real pastes carry — timestamps,
 * a traceback, HTTP lines, a JSON error body, a header dump, a key-like token for redaction — so the same
 * paths get hot. Nothing here is user text.
 */
const LINES = [
  '2026-01-01T00:00:00.000Z INFO job runner: picked job 1234 from queue default',
  'DEBUG httpx: HTTP Request: POST https://api.example.invalid/v1/messages "HTTP/1.1 200 OK"',
  'Traceback (most recent call last):',
  '  File "/srv/app/steps/run.py", line 10, in run',
  '    result = client.messages.create(model=model, max_tokens=1024, messages=messages)',
  'request-id: req_0000000000000000 retry-after: 10 anthropic-ratelimit-requests-remaining: 0',
  'WARNING cache: miss for key summary:1234 (token=sk-test-0000000000000000000000000000)',
  "anthropic.APIStatusError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}",
  '    at async Client.request (node_modules/example/client.js:10:5)',
  '{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}',
];

/** About `bytes` of the lines above, repeated. */
export function warmUpPaste(bytes = 128 * 1024): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = LINES[i % LINES.length] as string;
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

/** How many times a new worker reads it: enough for V8's optimising tier to pick the hot functions up. */
export const WARM_UP_RUNS = 4;
