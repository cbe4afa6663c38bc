import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/core/paths.js';

const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

it('npm start, start:sharded and the Docker image cap the young generation alike (bench section 7 measures with npm start’s flags)', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const flag = (text: string | undefined) => /--max-semi-space-size=\d+/.exec(text ?? '')?.[0];
  expect(flag(scripts.start)).toBe('--max-semi-space-size=4');
  expect(flag(scripts['start:sharded'])).toBe(flag(scripts.start));
  expect(flag(/^\s*NODE_OPTIONS=(\S+)/m.exec(read('Dockerfile'))?.[1])).toBe(flag(scripts.start));
});
