-- The lease path on a store with a year of history (issue 17) ran at about half the empty store's
-- rate, and not for its size: for its statistics. ANALYZE of such a store sees almost no queued and
-- no leased jobs, so the planner takes any index whose predicate or leading column is the state as
-- a one-row read, and chose them over the right one:
--   a claim read the whole queue through jobs_pending_expiry (WHERE state = 'queued', no key the
--     claim names) and sorted it, instead of taking the first row of jobs_claim_order;
--   a heartbeat and a completion read every leased job through jobs_lease_expiry (state, ...)
--     instead of their one job by primary key.
-- Measured (3,000 jobs for 200 agents, 100,000 jobs of history): 1,780 jobs-heap buffer reads per
-- job against 745 on an empty store, jobs_pending_expiry read 4.9 million entries, jobs_claim_order
-- none; plans confirmed with EXPLAIN of the generic plans the pool's connections keep.
--
-- Now the indexes that serve the reaper hold live jobs only, and name their key column in the
-- predicate (IS NOT NULL: always true of these rows), so only a query that constrains that column
-- can use them (the reaper's "expires before now" does; SQLite and PostgreSQL both take a comparison
-- on a column as proof that it is not null). jobs_claim_order is then the only index a query that
-- says no more than state = 'queued' can take. Finished jobs leave the lease index (it was a full
-- index of every job by state), so a completion writes one index entry fewer.
DROP INDEX jobs_lease_expiry;
CREATE INDEX jobs_lease_expiry ON jobs (lease_expires_at) WHERE state = 'leased' AND lease_expires_at IS NOT NULL;
DROP INDEX jobs_pending_expiry;
CREATE INDEX jobs_pending_expiry ON jobs (pending_expires_at) WHERE state = 'queued' AND pending_expires_at IS NOT NULL;
-- A family's passed jobs by finish time served the claim's old walk for a baseline, which
-- family_baselines (V17_5) replaced; jobs_family_state_created serves every family-and-state read,
-- and the index cost every job update one more entry.
DROP INDEX jobs_family_history;
