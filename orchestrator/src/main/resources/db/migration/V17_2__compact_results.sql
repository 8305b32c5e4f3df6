-- Compact results (issue 17): a year of TheRock is ~30 million results, and a row that repeated
-- its lease and job ids (two UUIDs), the test's full dotted id, class and method, with two
-- indexes, took ~430 bytes. Now:
--   test_names   each distinct (step, component, test_id, class_name, method) once; the orchestrator
--                keys new names by a 64-bit hash of the five, so replicas agree without a lookup;
--   result_rows  one narrow row per result: its batch's number, position, test key, status, duration;
--   result_texts message, traceback and subtests, only for results that have them (non-passing tests);
--   result_batches gets a number (batch_no, unique) that result rows point to instead of the lease id.
-- A view named `results` joins them back into the old shape, so every reader's SQL is unchanged.
-- Existing rows are numbered here (1, 2, ...); numbers the orchestrator makes are time-based and far
-- larger, and the unique index would refuse a clash.

CREATE TABLE test_names (
    id          BIGINT       PRIMARY KEY,
    step        VARCHAR(64),
    component   VARCHAR(64),
    test_id     VARCHAR(512) NOT NULL,
    class_name  VARCHAR(512),
    method      VARCHAR(256)
);
INSERT INTO test_names (id, step, component, test_id, class_name, method)
SELECT ROW_NUMBER() OVER (ORDER BY test_id, step, component, class_name, method), step, component, test_id, class_name, method
FROM (SELECT DISTINCT step, component, test_id, class_name, method FROM results) d;

-- The interpreter a batch's results ran with (issue 13's results.python): one job's batches come from
-- one interpreter, so it is kept once per batch, not per result.
ALTER TABLE result_batches ADD COLUMN python VARCHAR(32);
UPDATE result_batches SET python = (SELECT MAX(r.python) FROM results r
                                    WHERE r.lease_id = result_batches.lease_id AND r.sequence = result_batches.sequence);

CREATE TABLE batch_numbers AS
SELECT lease_id, sequence, ROW_NUMBER() OVER (ORDER BY lease_id, sequence) AS batch_no FROM result_batches;
CREATE INDEX batch_numbers_key ON batch_numbers (lease_id, sequence);
ALTER TABLE result_batches ADD COLUMN batch_no BIGINT;
UPDATE result_batches SET batch_no = (SELECT b.batch_no FROM batch_numbers b
                                      WHERE b.lease_id = result_batches.lease_id AND b.sequence = result_batches.sequence);
CREATE UNIQUE INDEX result_batches_no ON result_batches (batch_no);

CREATE TABLE result_rows (
    batch_no     BIGINT      NOT NULL,
    idx          INTEGER     NOT NULL,
    test_key     BIGINT      NOT NULL,
    status       VARCHAR(24) NOT NULL,
    duration_ms  INTEGER,
    PRIMARY KEY (batch_no, idx)
);
CREATE TABLE result_texts (
    batch_no  BIGINT  NOT NULL,
    idx       INTEGER NOT NULL,
    message   TEXT,
    details   TEXT,
    subtests  TEXT,
    PRIMARY KEY (batch_no, idx)
);
-- '<none>' stands for NULL in the joins below: NULL-safe equality is spelled differently by the two databases.
INSERT INTO result_rows (batch_no, idx, test_key, status, duration_ms)
SELECT b.batch_no, r.idx, t.id, r.status, r.duration_ms
FROM results r
JOIN batch_numbers b ON b.lease_id = r.lease_id AND b.sequence = r.sequence
JOIN test_names t ON t.test_id = r.test_id
    AND COALESCE(t.step, '<none>') = COALESCE(r.step, '<none>')
    AND COALESCE(t.component, '<none>') = COALESCE(r.component, '<none>')
    AND COALESCE(t.class_name, '<none>') = COALESCE(r.class_name, '<none>')
    AND COALESCE(t.method, '<none>') = COALESCE(r.method, '<none>');
INSERT INTO result_texts (batch_no, idx, message, details, subtests)
SELECT b.batch_no, r.idx, r.message, r.details, r.subtests
FROM results r JOIN batch_numbers b ON b.lease_id = r.lease_id AND b.sequence = r.sequence
WHERE r.message IS NOT NULL OR r.details IS NOT NULL OR r.subtests IS NOT NULL;

DROP TABLE batch_numbers;
DROP TABLE results;

CREATE VIEW results AS
SELECT b.lease_id AS lease_id, b.sequence AS sequence, r.idx AS idx, l.job_id AS job_id, l.attempt AS attempt,
       t.step AS step, t.component AS component, t.test_id AS test_id, t.class_name AS class_name, t.method AS method,
       r.status AS status, r.duration_ms AS duration_ms, x.message AS message, x.details AS details, x.subtests AS subtests,
       b.python AS python
FROM result_rows r
JOIN result_batches b ON b.batch_no = r.batch_no
JOIN leases l ON l.id = b.lease_id
JOIN test_names t ON t.id = r.test_key
LEFT JOIN result_texts x ON x.batch_no = r.batch_no AND x.idx = r.idx;
