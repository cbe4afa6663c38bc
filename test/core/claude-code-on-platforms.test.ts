import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb } from '../helpers/kb.js';

/**
 * Issue 12, class 7. Claude Code prints the same "API Error" lines whether it talks to the Anthropic API,
 * Bedrock or Vertex. A paste that shows only Claude Code (no platform word) is taken to be the Anthropic
 * API's, but that is a default, not evidence: a Bedrock- or Vertex-only wording inside the line is not
 * contradicted by it, and is answered with full confidence.
 * Pastes written for this test (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

describe("a platform's own wording inside Claude Code's API Error line", () => {
  it.each([
    [
      '  ⎿  API Error (503 Too many connections, please wait before trying again.) · Retrying in 8 seconds… (attempt 4/10)',
      'bedrock-service-unavailable-model-stream-error',
    ],
    [
      '⎿  API Error (403 The security token included in the request is invalid.) · Retrying in 2 seconds… (attempt 2/10)',
      'bedrock-aws-credentials-expired',
    ],
    [
      'claude -p fails at once: API Error: No region was given. The client should be instantiated with the `region` option or the `CLOUD_ML_REGION` environment variable should be set.',
      'vertex-sdk-region-project-credentials',
    ],
  ])('%s', (text, id) => {
    const d = diagnose(text, kb);
    expect(d.signals.providerInferred).toBe(true);
    expect(d.matched).toBe(true);
    expect(d.candidates[0]?.id).toBe(id);
    expect(d.candidates[0]?.reasons.filter((r) => r.kind === 'contradiction')).toEqual([]);
  });

  it('still counts the Anthropic API as evidence when the paste shows it', () => {
    const d = diagnose(
      'API Error: 403 {"type":"error","error":{"type":"permission_error","message":"The security token included in the request is invalid."},"request_id":"req_011CFakeTokenTest01"}',
      kb,
    );
    expect(d.signals.providerInferred).toBeUndefined();
    expect(d.signals.providers).toContain('anthropic');
  });
});
