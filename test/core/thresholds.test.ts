import { describe, expect, it } from 'vitest';
import { diagnose, LENIENT_THRESHOLD, STRICT_THRESHOLD } from '../../src/core/diagnose.js';
import { kbFrom } from '../helpers/kb.js';

const kb = kbFrom([
  {
    id: 'prompt-too-long',
    http_status: 400,
    error_type: 'invalid_request_error',
    sdk_exceptions: ['BadRequestError'],
    signatures: ['/prompt is too long: \\d{1,9} tokens > \\d{1,9} maximum/i', 'prompt is too long'],
  },
  {
    id: 'overloaded-529',
    http_status: 529,
    error_type: 'overloaded_error',
    sdk_exceptions: ['OverloadedError', 'InternalServerError'],
    signatures: ['{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'],
  },
  {
    id: 'roles-alternate',
    http_status: 400,
    error_type: 'invalid_request_error',
    signatures: ['roles must alternate between "user" and "assistant"'],
  },
]);

describe('thresholds', () => {
  it('matches a full error at the strict threshold', () => {
    const d = diagnose(
      'anthropic.BadRequestError: Error code: 400 - prompt is too long: 210000 tokens > 200000 maximum (invalid_request_error)',
      kb,
    );
    expect(d.matched).toBe(true);
    expect(d.confidence).toBeGreaterThanOrEqual(STRICT_THRESHOLD);
    expect(d.candidates[0]?.id).toBe('prompt-too-long');
    expect(d.candidates[0]?.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['signature', 'status', 'error_type', 'exception']));
  });

  it('a vague mention is a possible match for a person who asked, silence for an auto-reply', () => {
    const text = 'our claude bot keeps failing with "prompt is too long" since the update';
    const strict = diagnose(text, kb);
    const lenient = diagnose(text, kb, { mode: 'lenient' });
    expect(strict.confidence).toBeLessThan(STRICT_THRESHOLD);
    expect(strict.confidence).toBeGreaterThanOrEqual(LENIENT_THRESHOLD);
    expect(strict.matched).toBe(false);
    expect(lenient.matched).toBe(true);
    expect(lenient.candidates[0]?.id).toBe('prompt-too-long');
  });

  it('a contradicting status lowers the score', () => {
    const agree = diagnose('Error code: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', kb);
    const contradict = diagnose('Error code: 400 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', kb);
    expect(contradict.confidence).toBeLessThan(agree.confidence);
    expect(contradict.candidates[0]?.reasons.some((r) => r.kind === 'contradiction')).toBe(true);
  });

  it('another vendor’s error with the same words is not answered', () => {
    const d = diagnose('openai.BadRequestError: Error code: 400 - prompt is too long for gpt-4o: 200000 tokens > 128000 maximum', kb);
    expect(d.matched).toBe(false);
  });

  it('chatter produces no candidates at all', () => {
    const d = diagnose('has anyone tried the new sonnet for code review? pretty impressed so far', kb, { mode: 'lenient' });
    expect(d.candidates).toEqual([]);
    expect(d.matched).toBe(false);
    expect(d.notes).toContain('This does not look like an error message.');
  });

  it('feedback can push an article below the next candidate', () => {
    const text = 'Error code: 400 prompt is too long, roles must alternate between "user" and "assistant"';
    const before = diagnose(text, kb);
    const first = before.candidates[0]?.id as string;
    const after = diagnose(text, kb, { feedbackFactor: (_fp, id) => (id === first ? 0.5 : 1) });
    expect(after.candidates[0]?.id).not.toBe(first);
    expect(after.candidates.find((c) => c.id === first)?.reasons.some((r) => r.kind === 'feedback')).toBe(true);
  });
});
