-- occurred_at (the events' EventBridge "time") defaulted to now(), which is the start of the writing
-- transaction: a provisioning batch writes its outbox rows last, after every user row, so the time could
-- precede the write by seconds. clock_timestamp() is the moment the row is written, inside the transaction
-- that made the change and an instant before it commits (the event becomes visible, and publishable, only
-- then). It is evaluated per row, so the rows of one multi-row INSERT keep their insertion order.
-- Commit time proper would need track_commit_timestamp, a server parameter that takes a restart.
ALTER TABLE outbox_events ALTER COLUMN occurred_at SET DEFAULT clock_timestamp();
