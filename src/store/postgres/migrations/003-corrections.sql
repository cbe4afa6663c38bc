-- Helpers' corrections: "the right article for this answer is X". One row per helper per answer (the
-- latest wins). Kept apart from answers (no foreign key) so they keep steering the ranking for their
-- fingerprint until retention removes them.
CREATE TABLE corrections (
  answer_id text NOT NULL,
  by_user text NOT NULL,
  platform text NOT NULL,
  community text NOT NULL DEFAULT '',
  fingerprint_hash text NOT NULL,
  from_article_id text,
  to_article_id text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (answer_id, by_user)
);
CREATE INDEX corrections_scope ON corrections (community, fingerprint_hash);
