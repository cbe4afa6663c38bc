import type { Redaction } from '../bot/redact.js';
import type { FeedbackRules } from '../core/feedback.js';
import type { Article, Candidate, Diagnosis } from '../core/types.js';
import type { FeedbackCounts } from '../store/contract.js';

/** The knowledge a worker needs: the validated articles (regexes already vetted on the main thread). */
export interface KnowledgeTransfer {
  version: string;
  root: string | null;
  articles: Article[];
}

export interface WorkerTask {
  text: string;
  /** The worker answers `needKnowledge` when it holds another version; the pool then resends with `knowledge`. */
  kbVersion: string;
  knowledge?: KnowledgeTransfer;
  /** Start-up and reload only: run a made-up paste a few times first, so the worker's code is compiled (see warm-up.ts). */
  warm?: boolean;
  mode?: 'strict' | 'lenient';
  strictThreshold?: number;
  lenientThreshold?: number;
  /** Votes on this paste's fingerprint, by article (the store lives on the main thread). */
  feedback?: FeedbackCounts;
  feedbackRules?: FeedbackRules;
}

/** Candidates travel without their article (the main thread has it): cloning articles per answer is waste. */
export type SlimCandidate = Omit<Candidate, 'article'>;
export type SlimDiagnosis = Omit<Diagnosis, 'candidates'> & { candidates: SlimCandidate[] };

export type WorkerReply = { needKnowledge: true } | { needKnowledge: false; redaction: Redaction; diagnosis: SlimDiagnosis };
