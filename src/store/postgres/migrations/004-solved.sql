-- Questions marked solved (the asker or a helper), one per answer: the first mark stays. `archive_at`
-- is the persisted schedule for archiving the thread (Discord forum posts), so a restart does not lose it.
CREATE TABLE solved (
  answer_id text PRIMARY KEY,
  platform text NOT NULL,
  community text NOT NULL DEFAULT '',
  channel_id text NOT NULL,
  thread_id text NOT NULL,
  article_id text,
  by_user text NOT NULL,
  via text NOT NULL CHECK (via IN ('button', 'reaction')),
  at bigint NOT NULL,
  archive_at bigint,
  lock boolean NOT NULL DEFAULT false,
  archived_at bigint
);
CREATE INDEX solved_due ON solved (archive_at) WHERE archive_at IS NOT NULL AND archived_at IS NULL;
