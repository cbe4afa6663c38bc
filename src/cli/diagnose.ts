#!/usr/bin/env node
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { answerFromDiagnosis, noMatchAnswer } from '../bot/answer.js';
import { diagnose, STRICT_THRESHOLD } from '../core/diagnose.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Diagnosis } from '../core/types.js';
import { renderAnswerPlain } from '../render/plain.js';
import { CliError, loadKbOrExit, readInput, runCli } from './common.js';

const USAGE = `usage: npm run diagnose -- [FILE] [--json] [--lenient] [--kb DIR]
       npm run diagnose -- --batch FILE.jsonl     (lines {"id","text"} → one JSON line each)
Reads the paste from FILE, or from standard input when FILE is absent or "-".`;

export function toJson(d: Diagnosis) {
  return {
    matched: d.matched,
    confidence: d.confidence,
    fingerprint: d.fingerprint,
    signals: d.signals,
    candidates: d.candidates.map((c) => ({
      id: c.id,
      title: c.title,
      score: c.score,
      reasons: c.reasons.map((r) => ({
        ...r,
        weight: Math.round(r.weight * 1000) / 1000,
      })),
    })),
    notes: d.notes,
    versionAdvice: d.versionAdvice,
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      batch: { type: 'string' },
      lenient: { type: 'boolean', default: false },
      kb: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new CliError(`expected at most one FILE\n${USAGE}`);
  const kb = await loadKbOrExit(values.kb);
  const mode = values.lenient ? 'lenient' : 'strict';

  if (values.batch) return diagnoseBatch(values.batch, kb, mode);

  const input = await readInput(positionals[0]);
  const d = diagnose(input, kb, { mode });
  // The readable output is the answer the bot would post, from the same model and plain renderer.
  const answer = d.matched ? answerFromDiagnosis(d, { id: '', strictThreshold: STRICT_THRESHOLD }) : noMatchAnswer(d);
  process.stdout.write(values.json ? `${JSON.stringify(toJson(d))}\n` : `${renderAnswerPlain(answer)}\n`);
  return 0;
}

/** One JSON line out per JSON line in (`{"id", "text"}`); a bad line gets an error line, never a stop. */
async function diagnoseBatch(file: string, kb: KnowledgeBase, mode: 'strict' | 'lenient'): Promise<number> {
  await stat(file).catch(() => {
    throw new CliError(`cannot read ${file}`);
  });
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  const say = (out: object) => process.stdout.write(`${JSON.stringify(out)}\n`);
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let row: { id?: unknown; text?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      say({ id: null, matched: false, confidence: 0, candidates: [], error: `line ${lineNo}: not valid JSON` });
      continue;
    }
    if (typeof row?.text !== 'string') {
      say({ id: row?.id ?? null, matched: false, confidence: 0, candidates: [], error: `line ${lineNo}: "text" must be a string` });
      continue;
    }
    const d = diagnose(row.text, kb, { mode });
    say({
      id: row.id ?? null,
      matched: d.matched,
      confidence: d.confidence,
      candidates: d.candidates.map((c) => ({ id: c.id, score: c.score })),
    });
  }
  return 0;
}

runCli(main);
