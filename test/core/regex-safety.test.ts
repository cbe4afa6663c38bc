import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import { KnowledgeBaseError } from '../../src/core/knowledge/load.js';
import { requiredAnchor, requiredSubstrings } from '../../src/core/knowledge/regex-anchors.js';
import { compileSafeRegex, matchWindowed, REGEX_WINDOW_CHARS, UnsafeRegexError } from '../../src/core/knowledge/regex-safety.js';
import { kbFrom } from '../helpers/kb.js';

describe('regex safety', () => {
  it.each([
    ['/(a+)+$/', /star height/],
    ['/^(\\w+\\s?)*$/', /star height/],
    ['/(a|a)*b/', /catastrophic backtracking/],
    ['/(x+x+)+y/', /star height/],
    ['/(\\w)\\1/', /back-references/],
    ['/(?<=a)b/', /look-behind/],
    ['/abc/g', /flags "g" not allowed/],
    ['/x*/', /empty string/],
    ['/unclosed(/', /does not compile/],
  ])('rejects %s', (source, reason) => {
    expect(() => compileSafeRegex(source)).toThrow(UnsafeRegexError);
    expect(() => compileSafeRegex(source)).toThrow(reason);
  });

  it('accepts ordinary signature patterns, including nested optionals', () => {
    expect(compileSafeRegex('/prompt is too long: \\d{1,9} tokens > \\d{1,9} maximum/i').flags).toBe('i');
    expect(() => compileSafeRegex('/cache (writes?|entr(y|ies)).{0,60}(`?cache_control`? )?breakpoint/i')).not.toThrow();
  });

  it('a knowledge file with a hostile regex is refused at load time, naming the file', () => {
    expect(() => kbFrom([{ id: 'evil', signatures: ['/(a+)+$/'] }])).toThrow(KnowledgeBaseError);
    expect(() => kbFrom([{ id: 'evil', signatures: ['/(a+)+$/'] }])).toThrow(/test-family\/evil\.md \[signatures\.0\]: regex/);
  });

  it('derives anchors only from whole words', () => {
    expect(requiredAnchor('accelerat(ion|e) limit')).toBeNull();
    expect(requiredAnchor('accelerat(ion|e) limit reached')).toBe('limit');
    expect(requiredAnchor('prompt is too long: \\d+ tokens')).toBe('long');
    expect(requiredAnchor('^prompt is too long')).toBe('prompt');
    expect(requiredAnchor('foo|bar')).toBeNull();
    expect(requiredAnchor('tokens? exceeded your')).toBe('exceeded');
    expect(requiredAnchor('\\busage\\s{0,3}limit')).toBe('usage');
  });

  it('finds required substrings for patterns without an anchor word', () => {
    expect(requiredSubstrings('(ThrottlingException|Too many tokens).{0,300}quota')).toEqual(['quota']);
    expect(requiredSubstrings('(ThrottlingException|Too many tokens).{0,30}\\d')).toEqual(['throttlingexception', 'too many tokens']);
    expect(requiredSubstrings('cache_read_input_tokens\\b\\s{0,2}[:=]')).toEqual(['cache_read_input_tokens']);
    expect(requiredSubstrings('a|\\d+')).toBeNull();
  });

  it('bounds the text a pattern sees on a long input', () => {
    const seen: number[] = [];
    const spy = /needle/;
    const exec = spy.exec.bind(spy);
    spy.exec = (s: string) => {
      seen.push(s.length);
      return exec(s);
    };
    const flat = `${'x'.repeat(500_000)} needle ${'y'.repeat(500_000)}`;
    expect(matchWindowed(spy, flat, flat, 'needle')?.[0]).toBe('needle');
    expect(Math.max(...seen)).toBeLessThanOrEqual(REGEX_WINDOW_CHARS);
  });

  it('a slow-but-accepted pattern still answers on a 1 MB paste', () => {
    const kb = kbFrom([{ id: 'wide', signatures: ['/error.{0,200}overloaded.{0,200}retry/i'] }]);
    const d = diagnose(`${'error '.repeat(170_000)}overloaded then retry`, kb);
    expect(d.candidates[0]?.id).toBe('wide');
  });
});
