-- A year of history (issue 17). Runs newest first: the matrix, GET /runs and its keyset cursor,
-- and pruning (oldest first) read runs in this order; without it every page sorted every run.
CREATE INDEX runs_created ON runs (created_at, id);
-- A family's jobs newest first (a test's history): without it each request sorted every job of
-- the family, a year's worth.
CREATE INDEX jobs_family_created ON jobs (family, created_at, run_pk);
