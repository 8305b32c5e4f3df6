-- The queue in claim order, per family: a claim for one family reads the first unlocked row in
-- this order instead of sorting every queued job of the family (the old jobs_queue index leads
-- with state and orders priority ascending, so every claim sorted the whole queue).
CREATE INDEX jobs_claim_order ON jobs (family, priority_rank DESC, created_at, id) WHERE state = 'queued';
-- The reaper's pending-expiry pass read every queued job each second.
CREATE INDEX jobs_pending_expiry ON jobs (pending_expires_at) WHERE state = 'queued';
DROP INDEX jobs_queue;
