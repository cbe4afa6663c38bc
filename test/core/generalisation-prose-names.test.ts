import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Exception classes named in the plural in a sentence ("a lot of APITimeoutErrors"): the class is read
 * without the trailing "s". Pastes written for this test (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const strictTop = (text: string) => strictTopIn(kb, text);

describe('an exception class written in the plural', () => {
  it.each([
    ['Since the upgrade our worker logs dozens of APITimeoutErrors per hour', 'APITimeoutError'],
    ['we keep catching anthropic.RateLimitErrors in the batch job', 'anthropic.RateLimitError'],
    ['Are InternalServerErrors expected from time to time?', 'InternalServerError'],
    ['boto3 raises ThrottlingExceptions when the job fans out', 'ThrottlingException'],
  ])('%s', (text, name) => {
    expect(signalsOf(text).exceptions).toContain(name);
  });

  it('leaves singular names and ordinary plurals alone', () => {
    expect(signalsOf('anthropic.APIConnectionError: Connection error.').exceptions).toEqual(['anthropic.APIConnectionError']);
    expect(signalsOf('Errors and Exceptions were logged').exceptions).toEqual([]);
  });

  it('answers a plural Anthropic SDK class as the singular one', () => {
    expect(strictTop('Our Anthropic client throws a lot of APITimeoutErrors on long prompts')).toBe(
      strictTop('Our Anthropic client throws a lot of APITimeoutError on long prompts'),
    );
    expect(strictTop('Our Anthropic client throws a lot of APITimeoutErrors on long prompts')).toBe('sdk-request-timeout-or-aborted');
  });

  it('stays silent on the plural of another vendor’s class', () => {
    expect(strictTop('openai.APITimeoutErrors all day from gpt-4o')).toBeUndefined();
  });
});
