-- Issue 13: a job is one (family, Python version) of a run, optionally in one container image.
-- python_version and image are what the job asks for (NULL: any agent's); python is the exact
-- interpreter version the job ran with, as the agent reported it, and results name theirs too.
ALTER TABLE jobs ADD COLUMN python_version VARCHAR(16);
ALTER TABLE jobs ADD COLUMN image VARCHAR(32);
ALTER TABLE jobs ADD COLUMN python VARCHAR(32);
ALTER TABLE results ADD COLUMN python VARCHAR(32);
