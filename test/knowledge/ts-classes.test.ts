import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { extractBlocks } from '../helpers/code-blocks.js';
import { KNOWLEDGE_DIR } from '../helpers/kb.js';

/**
 * Error classes of @anthropic-ai/sdk that an article may name, and the version that introduced each. A
 * reader on an older SDK who copies `err instanceof Anthropic.PaymentRequiredError` gets a TypeError
 * (the right-hand side is undefined), so the article must say from which version the class exists.
 * Read from the default export of each published package, 1.0.0 to 1.14.0 (`npm pack`); the classes in
 * SINCE_1_0 exist in every 1.x release and in 0.x. See knowledge/VERIFICATION-TS-SWEEP.md.
 */
const SINCE_1_0 = new Set([
  'AnthropicError',
  'APIError',
  'APIConnectionError',
  'APIConnectionTimeoutError',
  'APIUserAbortError',
  'AuthenticationError',
  'BadRequestError',
  'ConflictError',
  'InternalServerError',
  'NotFoundError',
  'PermissionDeniedError',
  'RateLimitError',
  'UnprocessableEntityError',
]);
const CLASS_SINCE: Record<string, string> = {
  OverloadedError: '1.5',
  ContentTooLargeError: '1.5',
  GatewayTimeoutError: '1.5',
  ServiceUnavailableError: '1.5',
  EnforcedSpendLimitReachedError: '1.5',
  ToolNameConflictError: '1.5',
  OrganizationOnHoldError: '1.5',
  PaymentRequiredError: '1.10',
  LinkedOrganizationSpendLimitReachedError: '1.10',
  LinkedOrganizationBillingUnavailableError: '1.10',
};

const TS_MENTION = /TypeScript|@anthropic-ai\/|\bTS\b|\bAnthropic\.[A-Z]/;
const ONE_X = /\b1\.(\d+)(?:\.\d+)?\b/g;

interface Article {
  id: string;
  text: string;
}

function articles(): Article[] {
  const out: Article[] = [];
  for (const family of readdirSync(KNOWLEDGE_DIR, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    for (const name of readdirSync(path.join(KNOWLEDGE_DIR, family.name))) {
      if (!name.endsWith('.md')) continue;
      const raw = readFileSync(path.join(KNOWLEDGE_DIR, family.name, name), 'utf8');
      out.push({ id: name.slice(0, -3), text: raw.replace(/^---\n[\s\S]*?\n---\n/, '') });
    }
  }
  return out;
}

/** Sentences of the prose (code blocks removed); a version such as 1.5.0 never ends a sentence split. */
function sentences(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, ' ');
  return prose.split(/(?<=[.!?])\s+(?=[A-Z`(*])|\n\n/);
}

const minorOf = (v: string): string => v.split('.').slice(0, 2).join('.');

describe('TypeScript SDK error classes named in the knowledge base', () => {
  const all = articles();

  it('the version table matches the installed @anthropic-ai/sdk', () => {
    const missing = [...SINCE_1_0, ...Object.keys(CLASS_SINCE)].filter(
      (n) => typeof (Anthropic as unknown as Record<string, unknown>)[n] !== 'function',
    );
    expect(missing).toEqual([]);
  });

  it('every Anthropic.X class in code or prose is in the version table', () => {
    const unknown: string[] = [];
    for (const a of all) {
      for (const m of a.text.matchAll(/\bAnthropic\.([A-Z]\w*Error)\b/g)) {
        const n = m[1] as string;
        if (!SINCE_1_0.has(n) && !(n in CLASS_SINCE)) unknown.push(`${a.id}: Anthropic.${n}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('a TypeScript block using a class added after 1.0 comes with that version in its article', () => {
    const blocks = extractBlocks(KNOWLEDGE_DIR, ['ts', 'typescript', 'js', 'javascript']);
    const text = new Map(all.map((a) => [a.id, a.text]));
    const bad: string[] = [];
    for (const b of blocks) {
      for (const [name, since] of Object.entries(CLASS_SINCE)) {
        if (!new RegExp(`\\b${name}\\b`).test(b.code)) continue;
        if (!new RegExp(`\\b${since.replace('.', '\\.')}\\b`).test(text.get(b.article) ?? ''))
          bad.push(`${b.key}: ${name} (since ${since})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('a TypeScript sentence that names such a class says from which version it exists', () => {
    const bad: string[] = [];
    for (const a of all) {
      for (const s of sentences(a.text)) {
        if (!TS_MENTION.test(s)) continue;
        const versions = new Set([...s.matchAll(ONE_X)].map((m) => minorOf(m[0])));
        for (const [name, since] of Object.entries(CLASS_SINCE)) {
          if (new RegExp(`\\b${name}\\b`).test(s) && !versions.has(since))
            bad.push(`${a.id}: ${name} needs ${since} in "${s.slice(0, 160)}"`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the sentence check catches the error found by fact-check sample 9', () => {
    const wrong = 'TypeScript `@anthropic-ai/sdk` has `PaymentRequiredError` since 1.5.0.';
    const versions = new Set([...wrong.matchAll(ONE_X)].map((m) => minorOf(m[0])));
    expect(versions.has(CLASS_SINCE.PaymentRequiredError as string)).toBe(false);
  });
});
