// `npm install` / `npm ci` run this: on a development install it compiles TypeScript to dist/, so that
// `npm install && npm start` works on a fresh clone and `npm start` runs plain node. A production install
// (`npm ci --omit=dev`) has no TypeScript and is expected to bring dist/ from a build stage: it skips.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  console.log('prepare: TypeScript is not installed (production install); using the dist/ that was built before');
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
