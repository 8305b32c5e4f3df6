-- A job may require agent labels (e.g. 1gpu, ccs, a pool name); JSON list, empty = any agent.
ALTER TABLE jobs ADD COLUMN required_labels TEXT NOT NULL DEFAULT '[]';
