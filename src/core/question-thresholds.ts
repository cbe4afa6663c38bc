/**
 * Thresholds on the strength of the best article: its BM25 score divided by the square root of the
 * number of distinct terms in the question. A BM25 score is a sum over the question's terms, so it
 * grows with the question's length; an absolute bar lets a long, rambling question through on many
 * weak matches and holds a short, exact one back. Set on the tune half of the question set
 * (`npm run eval -- eval/questions.jsonl`): above `strong` a question is on our ground; between
 * `weak` and `strong` only when it describes trouble (an error, a failure, a limit); `lead` is how
 * far the best must stand ahead of the second to be answered alone.
 */
export const QUESTION_THRESHOLDS = {
  strong: 140,
  /**
   * Only for a question tied to Claude that describes trouble, and only as "might be" articles. On the
   * tune half every value from 20 to 39 answers the same questions (below 20 an off-topic one comes in,
   * above 39 a short "responses are truncated" one drops out); 30 sits in the middle.
   */
  weak: 30,
  /**
   * The bar for a question with nothing that ties it to Claude, when its best article is about a
   * problem every API has (see `asksAboutClaudeFeature`); one about a feature of Claude's own is held
   * to `strong`, as if grounded.
   */
  ungrounded: 316,
  lead: 1.3,
  /**
   * A confident answer needs its article to account for at least this share of the question's term
   * weight (`QuestionHit.coverage`); below it the article is offered as "might be". A long message that
   * an article matches on a quarter of its words is often about something next to it (a tool's own
   * rate limit, a wish about tokens), and a confident wrong answer costs more than a hedged right one.
   * On the tune half 0.25 hedged 12 right answers and took 6 of the 16 off-topic confident answers and
   * 1 of the 7 wrong ones (figures in eval/README.md).
   */
  knownCoverage: 0.25,
  /** A "might be" article must score at least this share of the best one. */
  maybeShare: 0.35,
  /** "Might be" articles need a strength of at least this times the question's term count to the power 1.5 (see `mightBeBar`). */
  mightBePerTerm: 1.1,
  minTerms: 2,
};
