import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { writtenInWordsAnyScript } from '../../src/core/question-text.js';
import { proseShare, writtenInWords } from '../../src/core/questions.js';
import { answeredUnprompted, realKb } from '../helpers/kb.js';

/**
 * Issue 12, classes 3 and 5. Claude Code and its forks print the same "API Error: …" line whichever
 * backend they are pointed at; the words around the paste say whose API failed. Those words count in
 * Chinese and Japanese as they do in English. Pastes written for this test (none copied from a corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const answered = (text: string) => answeredUnprompted(text, kb);

describe("a Claude Code error line with words that name another vendor's API as the one in use", () => {
  it.each([
    'API Error: Repeated 529 Overloaded errors\n我用的是minimax的接口，一直返回这个错误，怎么办',
    'API Error: 529 Overloaded\n现在接入的是kimi模型，晚上经常这样',
    '最近使用 deepseek 的 api 总是出现 API Error: Repeated 529 Overloaded errors 这是哪里的问题',
    'glm-4.6 のモデルを使っていますが、API Error: Repeated 529 Overloaded errors が出ます',
  ])('is not answered unprompted: %s', (text) => {
    expect(diagnose(text, kb).matched).toBe(true);
    expect(answered(text)).toBe(false);
  });
});

describe('the same line with words about Claude', () => {
  it.each([
    'API Error: Repeated 529 Overloaded errors\n用claude code写代码的时候一直出现这个错误',
    '今天下午调用 claude 接口一直报错 API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    'Claude Code で API Error: Repeated 529 Overloaded errors が何度も出ます',
  ])('is still answered: %s', (text) => {
    expect(answered(text)).toBe(true);
  });
});

describe('prose in any script', () => {
  it('counts clauses of Chinese or Japanese as words, and not JSON or paths that hold them', () => {
    const zh = '我用的是minimax的接口， 一直返回 这个错误 怎么办';
    expect(writtenInWords(zh)).toBe(false);
    expect(writtenInWordsAnyScript(zh)).toBe(true);
    expect(proseShare('{"错误":"余额不足"} /用户/桌面/日志.txt', true)).toBe(0);
  });
});
