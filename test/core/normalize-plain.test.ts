import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/core/normalize.js';

describe('normalise on one line of plain prose', () => {
  it('only trims it', () => {
    expect(normalise(' thanks, that worked! ')).toEqual({
      text: ' thanks, that worked! ',
      flat: 'thanks, that worked!',
      lower: 'thanks, that worked!',
    });
    expect(normalise("I think it's fine?")).toEqual({
      text: "I think it's fine?",
      flat: "I think it's fine?",
      lower: "i think it's fine?",
    });
  });

  it('still strips a level word opening the line, and still collapses doubled spaces', () => {
    expect(normalise('INFO done').flat).toBe('done');
    expect(normalise(' WARN slow reply').flat).toBe('slow reply');
    expect(normalise('INFORMATION follows').flat).toBe('INFORMATION follows');
    expect(normalise('two  spaces').flat).toBe('two spaces');
  });

  it('leaves everything else to the full set of passes', () => {
    expect(normalise('**Error** here').flat).toBe('Error here');
    expect(normalise('see `RateLimitError`').flat).toBe('see RateLimitError');
  });
});
