import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import { realKb, strictTop } from '../helpers/kb.js';

/**
 * Claude Code and the Claude apps word the plan-limit banner several ways ("Limit reached · resets …",
 * "Usage limit reached - resets at …", "Approaching usage limit · resets at …"); other tools' usage meters
 * use the same words in lower case or after a word of their own, and are not Claude's.
 */
describe('Claude plan-limit banners', () => {
  it.each([
    '  ⎿  Limit reached · resets 3am (Europe/Lisbon) · /upgrade to Max or turn on /extra-usage',
    'Limit reached · resets 11pm',
    'claude code keeps showing "Approaching usage limit · resets at 4pm" although /usage says 40%',
    'Claude desktop: Usage limit reached - resets at 8:00pm',
  ])('%s → the subscription-limit article, confidently', async (text) => {
    expect(strictTop(await realKb(), text)).toBe('cc-usage-limit-reached');
  });

  it.each([
    'workspace quota: limit reached · resets Nov 3',
    'Daily Limit reached · resets in 02:15',
    'Weekly XP limit reached · resets on Monday',
  ])('another tool’s meter stays silent: %s', async (text) => {
    expect(diagnose(text, await realKb()).matched).toBe(false);
  });
});
