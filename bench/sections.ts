import type { KnowledgeBase } from '../src/core/knowledge/index.js';
import { botSections } from './bot.js';
import { perfSections } from './perf.js';
import { redactionSections } from './redact.js';
import { storeSections } from './store.js';
import { postgresSections } from './store-postgres.js';

/** Further benchmark sections (bot core throughput, store growth), run after the diagnosis figures. */
export interface BenchSection {
  title: string;
  run: (kb: KnowledgeBase) => Promise<void>;
}

export const extraSections: BenchSection[] = [...botSections, ...storeSections, ...postgresSections, ...redactionSections, ...perfSections];
