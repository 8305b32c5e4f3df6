-- Counts kept per result batch when it is stored (issue 17), so the lease path never reads result
-- rows: completion sums its lease's batches for the job's counts, a claim sums the last passed job's
-- batches for its test count, a running job's live counts sum its batches. Reading them through the
-- results view made each completion scan every result row whenever the planner's statistics lagged
-- behind a growing table (seen: 268 ms per completion at 250,000 results).
-- passed/skipped follow Counts.plus (passed and expected_failure count as passed); failed is the rest;
-- tests leaves out the plan's own checks (component 'gfxfleet').
ALTER TABLE result_batches ADD COLUMN passed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE result_batches ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE result_batches ADD COLUMN tests INTEGER NOT NULL DEFAULT 0;
UPDATE result_batches SET
    passed = (SELECT COUNT(*) FROM result_rows r WHERE r.batch_no = result_batches.batch_no AND r.status IN ('passed', 'expected_failure')),
    skipped = (SELECT COUNT(*) FROM result_rows r WHERE r.batch_no = result_batches.batch_no AND r.status = 'skipped'),
    tests = (SELECT COUNT(*) FROM result_rows r JOIN test_names t ON t.id = r.test_key
             WHERE r.batch_no = result_batches.batch_no AND (t.component IS NULL OR t.component <> 'gfxfleet'));
