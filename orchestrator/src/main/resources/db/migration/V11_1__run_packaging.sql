-- A run says how its rocm packages are split: 'kpack' (arch-neutral libraries + one device wheel
-- per ISA) or 'legacy' (one libraries wheel per family); NULL = not said, the agent works it out.
-- A group-less multi-arch run stores artifact_group '' (the column stays NOT NULL and unique).
ALTER TABLE runs ADD COLUMN packaging VARCHAR(16);
