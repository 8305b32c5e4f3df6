-- Where a run came from (issue 14): the source repository (owner/name), the commit built (40 or 64
-- hex digits), the pull request, the CI run's page and the forge's origin (NULL: github.com). All
-- optional and checked at intake (Provenance.problem); the dashboard links them. Portable types
-- for SQLite and PostgreSQL; the widths are intake's bounds.
ALTER TABLE runs ADD COLUMN repository VARCHAR(140);
ALTER TABLE runs ADD COLUMN commit_sha VARCHAR(64);
ALTER TABLE runs ADD COLUMN pull_request INTEGER;
ALTER TABLE runs ADD COLUMN workflow_run_url VARCHAR(512);
ALTER TABLE runs ADD COLUMN server_url VARCHAR(512);
