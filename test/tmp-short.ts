import { diagnose } from '../src/core/diagnose.js';
import { loadKnowledgeBase } from '../src/core/knowledge/index.js';
const kb = await loadKnowledgeBase('knowledge');
for (const t of [
  'prompt is too long: 215000 tokens > 200000 maximum',
  'Prompt is too long',
  'Overloaded',
  '529 Overloaded',
  'Error: 429 rate_limit_error',
  'credit balance is too low',
  'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
  'API Error: 529 Overloaded',
  'invalid x-api-key',
  'Request rejected (429)',
  "You've hit your usage limit",
  'overloaded_error',
  'getting overloaded_error since this morning',
  'Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
  'anthropic.RateLimitError: Error code: 429',
  'Connection error.',
  'Request timed out.',
  'API Error: Request timed out.',
  'This model does not support the effort parameter.',
  'max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5',
]) {
  const d = diagnose(t, kb); const l = diagnose(t, kb, { mode: 'lenient' });
  console.log(JSON.stringify(t).slice(0, 70).padEnd(72), d.matched ? `STRICT ${d.candidates[0]?.id} ${d.confidence}` : `silent (${d.candidates[0]?.id ?? '-'} ${d.candidates[0]?.score ?? ''})`, '| asked:', l.candidates.slice(0, 2).map((c) => c.id).join(','));
}
