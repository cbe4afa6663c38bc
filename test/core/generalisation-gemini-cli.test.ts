import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, class 3 (other vendors' tools that read like ours): Gemini CLI and its forks (Qwen Code and
 * others) print a failed request as "✕ [API Error: …]". The words are Claude Code's, the tool is not: on
 * their own they must not make the paste a Claude Code error. Pastes written for this test in that tool's
 * shape (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

describe("Gemini CLI's error line", () => {
  it.each([
    '✕ [API Error: Connection error.]',
    '✕ [API Error: request to https://cloudcode-pa.googleapis.com/v1internal:generateContent failed, reason: socket hang up]',
    '✕ [API Error: got status: UNAVAILABLE. {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}]',
    '> fix the failing test\n\n✕ [API Error: 429 Too Many Requests]\nℹ This request failed. Press F12 for diagnostics.',
    '✕ [API Error: Request timed out.]\n✕ [API Error: Request timed out.]',
  ])('is not read as Claude Code, and gets no Claude article: %s', (text) => {
    const s = signalsOf(text);
    expect(s.surfaces).not.toContain('claude-code');
    expect(s.foreignVendor).toBe('Gemini CLI or a fork of it');
    expect(strictTop(text)).toBeUndefined();
  });
});

describe('what still counts as Claude', () => {
  it('Claude Code\'s own "API Error:" line is unchanged', () => {
    for (const text of ['  ⎿  API Error: Connection error.', 'API Error: Connection error.']) {
      expect(signalsOf(text).surfaces).toContain('claude-code');
      expect(strictTop(text)).toBe('sdk-connection-error');
    }
  });

  it('a paste that shows Claude Code too stays a Claude Code paste', () => {
    const text =
      'In Claude Code I get the same thing the other tool printed:\n✕ [API Error: Connection error.]\n  ⎿  API Error: Connection error.';
    expect(signalsOf(text).surfaces).toContain('claude-code');
    expect(strictTop(text)).toBe('sdk-connection-error');
  });

  it('a Claude model called through Gemini CLI is still about Claude', () => {
    const text =
      '✕ [API Error: [{"error":{"code":404,"message":"Publisher Model `projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929` was not found or your project does not have access to it.","status":"NOT_FOUND"}}]]';
    const s = signalsOf(text);
    expect(s.anthropicContext).toBe(true);
    expect(s.foreignVendor).toBeNull();
  });
});

describe("Claude Code's assistant bullet", () => {
  it.each([
    '⏺ API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
    '⏺ Reading the config\n\n⏺ API Error: Request timed out.',
    '⏺ Image was too large. Double press esc to go back and try again with a smaller image.',
  ])('marks a Claude Code paste: %s', (text) => {
    const s = signalsOf(text);
    expect(s.surfaces).toContain('claude-code');
    expect(s.looksLikeError).toBe(true);
  });

  it('an "API Error:" line behind the bullet gets its article', () => {
    expect(strictTop('⏺ API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toBe(
      'overloaded-529',
    );
  });
});
