-- The matrix filtered by family and verdict, and a family's last red / last green (issue 17): a
-- family's jobs of one state, newest first. jobs.created_at is its run's created_at (a run's jobs are
-- written with it), so this order is the matrix's order and the index answers a page, the page's
-- count and "the newest red job" without visiting the runs table. Without it the matrix walked runs
-- newest first, probing each one's jobs, and a rare verdict read most of a year to fill a page;
-- last-red sorted every red job of the family joined to its run.
CREATE INDEX jobs_family_state_created ON jobs (family, state, created_at, run_pk);
