-- The bot's memory in PostgreSQL: one row per record, every key that decides whether to post is unique, so
-- any number of instances and shards can share it. Times are epoch milliseconds (bigint), as in the records.

CREATE TABLE answers (
  id text PRIMARY KEY,
  -- insertion order: "newest" among answers stamped in the same millisecond
  seq bigint GENERATED ALWAYS AS IDENTITY,
  platform text NOT NULL,
  community text NOT NULL DEFAULT '',
  channel_id text NOT NULL,
  thread_id text NOT NULL,
  source_message_id text NOT NULL,
  reply_message_id text,
  user_id text NOT NULL,
  article_id text,
  fingerprint text NOT NULL,
  fingerprint_hash text NOT NULL,
  confidence double precision NOT NULL,
  trigger text NOT NULL,
  shadow boolean NOT NULL,
  at bigint NOT NULL,
  -- sdkVersions, requestIds and any field a newer version added (records are loose objects)
  extra jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX answers_at ON answers (at);
CREATE INDEX answers_community_at ON answers (community, at);
CREATE INDEX answers_fingerprint ON answers (fingerprint_hash);
CREATE INDEX answers_reply ON answers (platform, channel_id, reply_message_id) WHERE reply_message_id IS NOT NULL;
CREATE INDEX answers_recent ON answers (platform, channel_id, fingerprint_hash, at) WHERE NOT shadow;
CREATE INDEX answers_thread ON answers (platform, channel_id, thread_id) WHERE NOT shadow;

CREATE TABLE votes (
  answer_id text NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  value text NOT NULL CHECK (value IN ('up', 'down')),
  reason text,
  at bigint NOT NULL,
  PRIMARY KEY (answer_id, user_id)
);

CREATE TABLE gaps (
  community text NOT NULL DEFAULT '',
  fingerprint_hash text NOT NULL,
  fingerprint text NOT NULL,
  count integer NOT NULL,
  example text NOT NULL,
  first_at bigint NOT NULL,
  last_at bigint NOT NULL,
  extra jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (community, fingerprint_hash)
);

CREATE TABLE channel_settings (
  platform text NOT NULL,
  channel_id text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('auto', 'shadow', 'off')),
  community text NOT NULL DEFAULT '',
  set_by text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (platform, channel_id)
);

CREATE TABLE community_settings (
  platform text NOT NULL,
  community text NOT NULL,
  support_group text,
  auto_reply_channels jsonb NOT NULL DEFAULT '[]',
  set_by text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (platform, community)
);

-- Delivery dedupe and "answered at most once": the first INSERT wins. `owner` lets a caller whose commit
-- acknowledgement was lost (connection dropped) recognise its own claim on retry.
CREATE TABLE claims (
  key text PRIMARY KEY,
  at bigint NOT NULL,
  owner text NOT NULL DEFAULT ''
);
CREATE INDEX claims_at ON claims (at);

CREATE TABLE cooldowns (
  key text PRIMARY KEY,
  at bigint NOT NULL,
  expires_at bigint NOT NULL
);

-- Sliding-window rate limits: one row per key (locked while counting) and one per counted request.
CREATE TABLE rate_keys (
  key text PRIMARY KEY
);
CREATE TABLE rate_hits (
  key text NOT NULL REFERENCES rate_keys (key) ON DELETE CASCADE,
  at bigint NOT NULL
);
CREATE INDEX rate_hits_key_at ON rate_hits (key, at);

CREATE TABLE incident_sightings (
  fingerprint_hash text NOT NULL,
  channel_key text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX incident_sightings_fp_at ON incident_sightings (fingerprint_hash, at);

CREATE TABLE incident_notices (
  fingerprint_hash text NOT NULL,
  channel_key text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (fingerprint_hash, channel_key)
);

-- The Claude daily budget, one row per day and user, so increments from many instances add up.
CREATE TABLE claude_usage (
  day text NOT NULL,
  user_id text NOT NULL,
  input_tokens bigint NOT NULL DEFAULT 0,
  output_tokens bigint NOT NULL DEFAULT 0,
  calls integer NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, user_id)
);
