-- A lease carries the test count of the family's last passed job; without this index every
-- claim scanned all passed jobs of the family.
CREATE INDEX jobs_family_history ON jobs (family, state, finished_at);
