import { createHash } from 'node:crypto';
import type { Signals } from './types.js';

/**
 * A fingerprint is the stable part of an error with its variable parts masked, the way Sentry groups
 * events: two pastes of the same failure with different request ids, token counts or model names get the
 * same fingerprint. It keys duplicate detection, feedback and the knowledge-gap list.
 */

const MASKS: Array<[RegExp, string]> = [
  [/\b(?:https?|wss?):\/\/[^\s"'<>)]{1,500}/gi, '<url>'],
  [/\breq_[A-Za-z0-9]{8,60}\b/g, '<req>'],
  [/\b(?:msg|msgbatch|toolu|file|srvtoolu)_[A-Za-z0-9]{8,60}\b/g, '<id>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\bsk-ant-[A-Za-z0-9_-]{2,200}/g, '<key>'],
  [/\b(?:(?:us|eu|apac|global|jp|au|us-gov)\.)?anthropic\.claude-[a-z0-9.:-]{2,60}/gi, '<model>'],
  [/\bclaude-(?!code\b)[a-z0-9.-]{2,60}(?:@[0-9a-z]{4,12})?/gi, '<model>'],
  [/\b(?:gpt|gemini|o[134])-[a-z0-9.-]{1,40}/gi, '<model>'],
  [/\barn:aws[\w-]{0,20}:[^\s"']{1,300}/gi, '<arn>'],
  [/[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}/g, '<email>'],
  [/(?:[A-Za-z]:)?(?:[\\/][\w.@~+-]{1,120}){2,40}/g, '<path>'],
  [/\b[0-9a-f]{12,}\b/gi, '<hex>'],
  [/\b\d[\d,._]{0,30}\b/g, '<n>'],
];

export function maskVariableParts(text: string): string {
  let out = text;
  for (const [re, token] of MASKS) out = out.replace(re, token);
  return out.replace(/\s+/g, ' ').trim();
}

/** `400 invalid_request_error · prompt is too long: <n> tokens > <n> maximum` */
export function fingerprintOf(signals: Signals): {
  fingerprint: string;
  hash: string;
} {
  const parts: string[] = [];
  const status = signals.httpStatuses[0];
  if (status !== undefined) parts.push(String(status));
  const kind = signals.errorTypes[0] ?? signals.exceptions.at(-1);
  if (kind) parts.push(kind);
  const head = parts.join(' ');
  const message = signals.primaryMessage ? maskVariableParts(signals.primaryMessage).toLowerCase().slice(0, 200) : '';
  const fingerprint = [head, message].filter(Boolean).join(' · ') || NO_ERROR;
  // Most messages are chat with nothing to fingerprint: their hash is computed once.
  const hash = fingerprint === NO_ERROR ? NO_ERROR_HASH : hashOf(fingerprint);
  return { fingerprint, hash };
}

const hashOf = (fingerprint: string) => createHash('sha1').update(fingerprint).digest('hex').slice(0, 12);
const NO_ERROR = 'no-error-found';
const NO_ERROR_HASH = hashOf(NO_ERROR);
