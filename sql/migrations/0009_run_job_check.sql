-- The jobs a run may belong to: the same list as JOB_NAMES in src/job-names.ts. A run of a job
-- the code does not know (a typo in a script, a job removed) is refused by the database itself
-- instead of being computed by nothing. A new job adds its name here in a migration of its own.
ALTER TABLE run ADD CONSTRAINT run_job_known CHECK (job IN ('tariff-settlement', 'bonus-crediting', 'levy'));
