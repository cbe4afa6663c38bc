import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import { classifyGap } from '../../src/core/gap.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb } from '../helpers/kb.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

describe('gap classification', () => {
  it.each([
    ['400 {"type":"error","error":{"type":"invalid_request_error","message":"widget quota exhausted for spline"}}', 'uncovered'],
    ['Connection error.', 'uncertain'],
    ['google.api_core.exceptions.NotFound: 404 Publisher Model publishers/google/models/gemini-2.0-flash was not found', 'foreign'],
    ['thanks, see you tomorrow', 'not-error'],
  ])('%s → %s', (text, kind) => {
    const d = diagnose(text, kb, { mode: 'lenient' });
    expect(d.matched && kind !== 'uncertain').toBe(false);
    expect(classifyGap(d).kind).toBe(kind);
  });

  it('names the probable article of an uncertain match', () => {
    expect(classifyGap(diagnose('Connection error.', kb, { mode: 'lenient' }))).toEqual({
      kind: 'uncertain',
      probableArticleId: 'sdk-connection-error',
    });
  });
});
