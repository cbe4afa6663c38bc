import { describe, expect, it } from 'vitest';
import { FIELD_SEARCH, FIELD_SECRET_GROUP, leanSource } from '../../src/bot/field-search.js';
import { redact } from '../../src/bot/redact.js';
import { entropy, FIELD_RULES, secretLike } from '../../src/bot/secret-rules.js';

// Made-up values (none is a credential anywhere).
const VALUE = 'q7Zp2Lx9Wm4Kd8Rt';

describe('the combined field search', () => {
  it('captures only what redaction reads: the secret group, and the groups a back-reference needs', () => {
    expect(leanSource('(a)(b)(c)', 1)).toEqual({ source: '(?:a)(?:b)(c)', groups: 1 });
    expect(leanSource('(x(?=([a-z]{0,4}))\\2=)([0-9]+)', 5)).toEqual({ source: '(?:x(?=([a-z]{0,4}))\\5=)([0-9]+)', groups: 2 });
    // Escaped parentheses, parentheses in a class and look-arounds are not groups.
    expect(leanSource('\\((?<!a)[(](b)', 1)).toEqual({ source: '\\((?<!a)[(](b)', groups: 1 });
  });

  it('finds the same secret at the same place as each rule alone', () => {
    for (const [i, rule] of FIELD_RULES.entries()) {
      const sample = { 0: 'secret_access_key=', 1: 'private_key_id": "', 2: 'Bearer ', 3: 'Basic ' }[i];
      if (!sample) continue;
      const value = i === 1 ? 'ab'.repeat(20) : VALUE;
      const text = `x ${sample}${value} y`;
      FIELD_SEARCH.lastIndex = 0;
      const m = FIELD_SEARCH.exec(text);
      rule.pattern.lastIndex = m?.index ?? 0;
      expect(m?.[FIELD_SECRET_GROUP[i] as number]).toBe(rule.pattern.exec(text)?.at(-1));
    }
  });
});

describe('field names in a row', () => {
  it('a field name right after another: the value is redacted and the names stay', () => {
    const r = redact(`token=password=${VALUE} end`);
    expect(r.text).not.toContain(VALUE);
    expect(r.text).toMatch(/^token=/);
    expect(r.found).toContain('generic-secret');
    expect(redact(`password: secret_key=${VALUE}`).text).not.toContain(VALUE);
  });

  it('a value after many repeated names is still redacted, and every name stays readable', () => {
    const names = 'token=password: secret_key='.repeat(2_000);
    const r = redact(`${names}${VALUE} and more text`);
    expect(r.text).not.toContain(VALUE);
    expect(r.text).toContain('and more text');
    expect(r.text.startsWith('token=')).toBe(true);
    expect(redact(`${'api_key '.repeat(5_000)}api_key=${VALUE}`).text).not.toContain(VALUE);
  });
});

describe('what counts as a secret value', () => {
  it('entropy is Shannon entropy in bits per character', () => {
    expect(entropy('')).toBe(0);
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('aabb')).toBeCloseTo(1, 12);
    expect(entropy('abcdefgh')).toBeCloseTo(3, 12);
    expect(entropy('x'.repeat(300) + 'y'.repeat(300))).toBeCloseTo(1, 12);
  });

  it('words, numbers, keywords, references, dates and placeholders are not secrets; random values are', () => {
    for (const v of [
      'short',
      'some_words here',
      'InvalidRequestError',
      '12345678.5',
      'undefined',
      'Optional',
      '$API_KEY',
      'process.env.KEY',
      '2026-11-02T10:14',
      'your-api-key-here',
      'abababababab',
    ]) {
      expect(secretLike(v), v).toBe(false);
    }
    expect(secretLike(VALUE)).toBe(true);
    expect(secretLike('password:')).toBe(true);
  });
});
