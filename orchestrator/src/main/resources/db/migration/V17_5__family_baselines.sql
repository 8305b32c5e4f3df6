-- Each family's baseline for "far fewer tests ran than last time" (issue 17): the tests of its last
-- passed job per platform and artifact group, kept on completion. A claim used to find it by walking
-- the family's passed jobs newest first until one matched the run's platform and group; when none
-- did (a family's first kpack run after a year of per-family runs) every claim walked the family's
-- whole history: the history benchmark's lease operations ran at half the empty store's rate.
-- A baseline also outlives the pruning of the job it came from.
CREATE TABLE family_baselines (
    family          VARCHAR(64)  NOT NULL,
    platform        VARCHAR(16)  NOT NULL,
    artifact_group  VARCHAR(64)  NOT NULL,
    tests           INTEGER      NOT NULL,
    finished_at     BIGINT       NOT NULL,
    PRIMARY KEY (family, platform, artifact_group)
);
INSERT INTO family_baselines (family, platform, artifact_group, tests, finished_at)
SELECT family, platform, artifact_group, tests, finished_at FROM (
    SELECT j.family, u.platform, u.artifact_group, j.finished_at,
           (SELECT COALESCE(SUM(b.tests), 0) FROM result_batches b WHERE b.lease_id = j.lease_id) AS tests,
           ROW_NUMBER() OVER (PARTITION BY j.family, u.platform, u.artifact_group
                              ORDER BY j.finished_at DESC, j.id DESC) AS newest
    FROM jobs j JOIN runs u ON u.id = j.run_pk
    WHERE j.state = 'passed' AND j.finished_at IS NOT NULL) latest
WHERE newest = 1;
