import { diagnose } from '../src/core/diagnose.js';
import { loadKnowledgeBase } from '../src/core/knowledge/index.js';
const kb = await loadKnowledgeBase('knowledge');
const lines = (await import('node:fs')).readFileSync(0, 'utf8').split('\n').filter(Boolean);
for (const t0 of lines) {
  const t = `  ⎿  ${t0}`;
  const d = diagnose(t, kb); const l = diagnose(t, kb, { mode: 'lenient' });
  console.log(t0.slice(0, 90).padEnd(92), d.matched ? `STRICT ${d.candidates[0]?.id}` : `silent`, '| asked:', l.candidates.slice(0, 2).map((c) => `${c.id}:${c.score}`).join(','));
}
