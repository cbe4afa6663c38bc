import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { normalise, tokenSet } from '../../src/core/normalize.js';
import { isInertChat } from '../../src/core/precheck.js';
import { realKb } from '../helpers/kb.js';

/**
 * The chat pre-check may only skip work, never change an answer: on every text below the diagnosis with
 * the pre-check equals the one without it. The texts are the knowledge base's own prose and the example
 * pastes (as written, and reduced to the plain characters the pre-check accepts, which keeps their
 * technical words), plus chat written for this test.
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const CHAT = [
  'morning all, anyone around to review a small change?',
  'thanks, that fixed it!',
  'I will try that after lunch and report back',
  'does anyone know where the release notes live?',
  'lgtm',
  'which model do you use for summaries?',
  'the build is slow again today',
  'can someone look at my pull request',
  'it keeps saying overloaded',
  'why does Claude stop halfway through the answer',
  'Anthropic support said to wait',
  'is the rate limit per key or per org?',
  'we moved to Bedrock last week and now nothing works',
  'prompt is too long apparently',
  'INFO deploy finished',
];

/** Keeps letters, spaces, newlines and , . ! ? ' of a text: what the pre-check accepts. */
const plain = (text: string) => text.replace(/[^A-Za-z ,.!?'\n]+/g, ' ');

function corpus(kbase: KnowledgeBase): string[] {
  const texts = [...CHAT];
  for (const a of kbase.articles) {
    for (const part of [a.title, a.cause, a.fix, a.details ?? '', ...a.aliases]) {
      for (const sentence of part.split(/(?<=[.!?])\s+|\n+/)) texts.push(sentence, plain(sentence));
    }
    for (const s of a.signatures) texts.push(s.source, plain(s.source));
  }
  const dir = path.join(import.meta.dirname, '../fixtures/examples');
  for (const family of readdirSync(dir)) {
    for (const file of readdirSync(path.join(dir, family))) {
      const data = parse(readFileSync(path.join(dir, family, file), 'utf8')) as { examples: Array<{ text: string }> };
      for (const e of data.examples) texts.push(e.text, plain(e.text), ...plain(e.text).split('\n'));
    }
  }
  return texts.filter((t) => t.trim().length > 0);
}

describe('chat pre-check', () => {
  it('gives the same diagnosis as the full pipeline on prose, signatures and example pastes', () => {
    const texts = corpus(kb);
    let inert = 0;
    const differ: string[] = [];
    for (const text of texts) {
      const n = normalise(text);
      if (isInertChat(n, tokenSet(n.lower), kb)) inert++;
      const fast = diagnose(text, kb);
      const full = diagnose(text, kb, { noPrecheck: true });
      if (JSON.stringify(fast) !== JSON.stringify(full)) differ.push(text);
    }
    expect(differ).toEqual([]);
    // The comparison means something only when many texts were cleared by the pre-check.
    expect(inert).toBeGreaterThan(200);
    // Thousands of texts through the pipeline twice: seconds on a quiet machine, far more on a loaded one.
  }, 120_000);

  it('clears everyday chat and keeps errors, error words and Claude words', () => {
    const cleared = (text: string) => {
      const n = normalise(text);
      return isInertChat(n, tokenSet(n.lower), kb);
    };
    expect(cleared('thanks, that fixed it!')).toBe(true);
    expect(cleared('I will try that after lunch and report back')).toBe(true);
    expect(cleared('the standup ran too long apparently')).toBe(true);
    // A message holding a signature's literal words is left to the full pipeline, whatever it decides.
    expect(cleared('prompt is too long apparently')).toBe(false);
    for (const text of [
      'it keeps saying overloaded',
      'why does Claude stop halfway',
      'got a 529 again',
      'Error: Connection error.',
      'request failed',
    ])
      expect(cleared(text)).toBe(false);
  });

  it('never applies when someone asked (a short message may be a fragment of a signature)', () => {
    const text = 'prompt is too long';
    expect(diagnose(text, kb, { mode: 'lenient' })).toEqual(diagnose(text, kb, { mode: 'lenient', noPrecheck: true }));
  });
});
