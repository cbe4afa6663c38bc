-- Answer questions in words unprompted in this channel (`/diagnose channel questions on`); off by default.
ALTER TABLE channel_settings ADD COLUMN questions boolean NOT NULL DEFAULT false;
