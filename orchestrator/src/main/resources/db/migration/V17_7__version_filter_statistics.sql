-- The matrix's version filter (LOWER(version) LIKE '%text%', "any part of the version", as the API
-- promises) can be found by no index; its page is cheap when read newest first through runs_created,
-- stopping at the page size. PostgreSQL has no statistics of LOWER(version) without an index on it,
-- so it guessed that almost no run matches (5 of 20,000 where 10,000 did) and read and sorted the
-- whole table for every page. ANALYZE keeps statistics of an index's expression: with this index
-- the planner sees how common the text is and reads a common version's page through runs_created
-- (PostgresMatrixPlansTest). One entry per run: a year of history is 100,000 runs.
CREATE INDEX runs_version_lower ON runs (LOWER(version));
