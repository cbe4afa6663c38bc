import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { normalise, stripFrames } from '../../src/core/normalize.js';
import { realKb, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, class 6 (terminal artefacts): frames that terminal UIs draw around wrapped output. Claude Code
 * boxes and Python rich panels put a border on both sides of every line and cut long lines at the frame's
 * edge, often inside a word or an id. Each paste below was written for this test in the shape those tools
 * draw (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

// Every framed line has the same width, as a terminal draws it: a border, one space, the content padded to
// the inner width, one space, a border.
function frame(contentLines: string[], width: number, box = { tl: '╭', tr: '╮', bl: '╰', br: '╯', h: '─', v: '│' }): string {
  const top = `${box.tl}${box.h.repeat(width + 2)}${box.tr}`;
  const bottom = `${box.bl}${box.h.repeat(width + 2)}${box.br}`;
  const body = contentLines.map((l) => `${box.v} ${l.padEnd(width)} ${box.v}`);
  return [top, ...body, bottom].join('\n');
}
/** Cuts a long line into pieces of exactly `width` characters, the way a frame wraps it. */
const cut = (line: string, width: number) => line.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];

describe('frames around wrapped lines', () => {
  it('joins a prompt-too-long body cut by a rounded box inside words and numbers', () => {
    const body =
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 204519 tokens > 200000 maximum"},"request_id":"req_011CAbCdEfGhIjKlMnOpQr"}';
    const text = frame(cut(body, 37), 37);
    expect(normalise(text).flat).toContain('prompt is too long: 204519 tokens > 200000 maximum');
    expect(strictTop(text)).toBe('prompt-too-long');
  });

  it('joins an overloaded body cut by a square panel, with a title line above it', () => {
    const body =
      'anthropic.InternalServerError: Error code: 529 - {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    const text = `Traceback (most recent call last)\n${frame(cut(body, 29), 29, { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│' })}`;
    expect(normalise(text).flat).toContain('"type":"overloaded_error"');
    expect(strictTop(text)).toBe('overloaded-529');
  });

  it('joins a Bedrock access-denied message cut at a heavy border, keeping the padding of short lines as a line end', () => {
    const lines = [
      'Claude Sonnet on Bedrock:',
      ...cut(
        "An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.",
        41,
      ),
    ];
    const text = frame(lines, 41, { tl: '┏', tr: '┓', bl: '┗', br: '┛', h: '━', v: '┃' });
    const flat = normalise(text).flat;
    expect(flat).toContain("You don't have access to the model with the specified model ID.");
    expect(flat).toContain('Claude Sonnet on Bedrock: An error occurred');
    expect(strictTop(text)).toBe('bedrock-access-denied-model-access');
  });

  it('cuts ASCII borders (+---+ and | … |) the same way', () => {
    const body =
      "Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.'}}";
    const text = frame(cut(body, 44), 44, { tl: '+', tr: '+', bl: '+', br: '+', h: '-', v: '|' });
    expect(normalise(text).flat).toContain('Your credit balance is too low to access the Anthropic API');
    expect(strictTop(text)).toBe('credit-balance-too-low');
  });
});

describe('what is not a frame', () => {
  it('leaves a markdown table with its inner pipes and row breaks', () => {
    const table = '| model | status |\n|---|---|\n| claude-sonnet-4 | 529 |';
    const out = stripFrames(table);
    expect(out.split('\n')).toHaveLength(3);
    expect(out).toContain('claude-sonnet-4 | 529');
  });

  it("leaves Claude Code's retry line, whose pipe sits inside the line", () => {
    const line = 'API Error (api.anthropic.com | 504: Gateway timeout) · Retrying in 4 seconds… (attempt 3/10)';
    expect(stripFrames(line)).toBe(line);
  });

  it('keeps a word boundary where a framed line was padded before its border', () => {
    const text = frame(['first line', 'second line'], 30);
    expect(normalise(text).flat).toBe('first line second line');
  });
});
