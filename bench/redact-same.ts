/**
 * `node --import tsx bench/redact-same.ts <other checkout> [more .jsonl files]`: redact() of this
 * checkout against another one (e.g. /work/main) on every eval row, every example paste and secret
 * fixture, each of their lines, the bench inputs, and generated strings mixing secrets, field names,
 * key blocks, Discord tokens, escapes, `…` and other unicode, alone and joined into long texts. Each text
 * is also redacted here in the smallest pieces (cut at every line break redact-cuts.ts allows), which must
 * change nothing either. For a speed change that must not change what is caught. Prints counts and ids,
 * never texts.
 */
import path from 'node:path';
import { SECRET_CORPUS } from '../test/fixtures/secret-corpus.js';
import { corpusTexts, type Named } from './corpus-texts.js';
import { REDACTION_INPUTS } from './redact.js';

function fileTexts(extra: string[]): Named[] {
  const out: Named[] = [...SECRET_CORPUS.map((f, i): Named => [`secret-corpus ${i}`, f.text]), ...corpusTexts(extra)];
  const lines = out.flatMap(([id, t]) => t.split('\n').map((l, i): Named => [`${id} line ${i}`, l]));
  return [...out, ...lines];
}

/** Pieces that start, end or sit next to secrets, so generated strings make rules meet and overlap. */
function pieces(): string[] {
  const fromCorpus = SECRET_CORPUS.flatMap((f) => [...f.secrets, ...f.text.split(/(\s+)/)]);
  return [
    ...fromCorpus,
    ...[
      'token=',
      'password: ',
      'secret_key=',
      'api_key=',
      '"apiKey": "',
      'Authorization: Bearer ',
      'Basic ',
      '-u ',
      '--user=',
      'https://u:',
      '@host',
      '?key=',
      '&sig=',
    ],
    ...[
      '-----BEGIN RSA PRIVATE KEY-----',
      '-----END RSA PRIVATE KEY-----',
      '-----BEGIN PRIVATE KEY-----\\n',
      'MIIEvQIBADAN',
      '\\u002d',
      '\\x2d',
      '\\u005f',
      '\\x3D',
    ],
    ...[
      'MTIzNDU2Nzg5MDEyMzQ1Njc4OTAx',
      '.GhIjKl.',
      'abcdefghijklmnopqrstuvwxyz0123456789',
      'sk-ant-',
      'sk-',
      'xoxb-',
      'AKIA',
      'eyJ',
      'ya29.',
      '1//0',
      'ghp_',
      'hooks.slack.com/services/',
      '/webhooks/123456/',
    ],
    ...[
      '…',
      'é',
      '日本',
      '🔑',
      '[REDACTED',
      ']',
      '"',
      "'",
      ' ',
      '\n',
      '\r\n',
      '.',
      '-',
      '_',
      '/',
      ':',
      '=',
      'x'.repeat(70),
      'A1b2C3d4E5f6G7h8',
    ],
  ];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A Discord-token-shaped run (each part sometimes a little short or long), often glued to a vendor token. */
function discordLike(rnd: (n: number) => number): string {
  const run = (n: number) => Array.from({ length: n }, () => B64[rnd(B64.length)]).join('');
  const glued = [
    '',
    '',
    'sk-ant-api03-',
    'xoxb-',
    'xapp-1-',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.',
    'AKIA',
    'ya29.',
    'ghp_',
    '/webhooks/123456/',
  ];
  const token = `${'MNOx'[rnd(4)]}${run(21 + rnd(9))}.${run(5 + rnd(3))}.${run(20 + rnd(25))}`;
  const g = glued[rnd(glued.length)] as string;
  return rnd(2) ? token + g + run(rnd(50)) : g + run(rnd(40)) + (rnd(2) ? '.' : '') + token;
}

function generated(count: number): Named[] {
  const parts = pieces();
  let seed = 17;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  return Array.from({ length: count }, (_, i): Named => {
    const n = 1 + rnd(12);
    let t = '';
    for (let j = 0; j < n; j++) {
      const p = rnd(3) ? (parts[rnd(parts.length)] as string) : discordLike(rnd);
      t += rnd(4) ? p : p.slice(rnd(p.length + 1)); // sometimes a tail, so pieces meet mid-token
    }
    return [`generated ${i}`, t];
  });
}

/** Generated texts joined by line breaks (alone, `\r\n`, after spaces, before an indent) into texts of 40–100 KB. */
function joined(texts: Named[]): Named[] {
  const breaks = ['\n', '\r\n', ' \n', '\n  ', '\n\n', ''];
  const out: Named[] = [];
  let parts: string[] = [];
  let length = 0;
  for (const [i, [, t]] of texts.entries()) {
    parts.push(t, breaks[i % breaks.length] as string);
    length += t.length + 2;
    if (length < 40_000 + (i % 7) * 10_000) continue;
    out.push([`joined ${out.length}`, parts.join('')]);
    parts = [];
    length = 0;
  }
  return out;
}

const other = process.argv[2];
if (!other) throw new Error('usage: bench/redact-same.ts <other checkout> [more .jsonl files]');
const mine = await import('../src/bot/redact.js');
const here = mine.redact as (t: string) => unknown;
const inPieces = mine.redactInPieces as ((t: string, piece: number) => unknown) | undefined;
const there = (await import(path.join(path.resolve(other), 'src/bot/redact.ts'))).redact as (t: string) => unknown;
const bench: Named[] = Object.entries(REDACTION_INPUTS).map(([k, make]) => [`bench ${k}`, make()]);
const short = generated(Number(process.env.GENERATED ?? 150_000));
const all = [...fileTexts(process.argv.slice(3)), ...bench, ...short, ...joined(short)];
const differ = all
  .filter(([, t]) => {
    const want = JSON.stringify(there(t));
    return JSON.stringify(here(t)) !== want || (inPieces !== undefined && JSON.stringify(inPieces(t, 1)) !== want);
  })
  .map(([id]) => id);
const caught = all.filter(([, t]) => (here(t) as { found: string[] }).found.length > 0).length;
console.log(
  `${all.length} texts (${caught} with a secret found), ${differ.length} redacted differently${differ.length ? `: ${differ.slice(0, 20).join(', ')}` : ''}`,
);
process.exitCode = differ.length ? 1 : 0;
