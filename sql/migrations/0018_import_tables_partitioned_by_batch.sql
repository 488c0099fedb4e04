-- The import tables are partitioned by batch: each import loads a file into a table of its own
-- (one partition per table and batch), and only then builds that partition's indexes (issue 12).
--
-- Why: the import's COPY kept the (batch_id, member_id) index of a table that holds every batch
-- up to date row by row. Measured on the 1 M-member tariff set (9.8 M outpatient rows, this
-- machine's PostgreSQL 15): COPY into the indexed table 27.3 s — the same rows sorted by member
-- 27.1 s, so it is the per-row index maintenance, not the order —, COPY into a table without an
-- index 8.3 s plus CREATE INDEX (one sort) 5.1 s.
--
-- How (src/import/batch-partition.ts): inside the import's transaction a new table LIKE the parent
-- (columns, defaults, CHECK constraints, no index) takes the COPY, with a CHECK constraint saying
-- which batch it holds; ATTACH PARTITION then builds the parent's indexes on it in one sort each
-- and needs no scan to prove the partition's bound (the CHECK implies it). A rollback takes the
-- table away with everything else: a batch is still all or nothing.
-- Queries name the parent with `batch_id = …` as before; the planner reads only that partition.
--
-- The rows imported before this migration stay where they are: the old table becomes the parent's
-- first partition, for every batch id up to the last batch that exists now.

DO $$
DECLARE
  t text;
  next_batch bigint;
BEGIN
  SELECT coalesce(max(id), 0) + 1 INTO next_batch FROM import_batch;
  FOREACH t IN ARRAY ARRAY[
    'member', 'membership', 'third_party_period', 'annual_income',
    'tariff_declaration', 'outpatient_treatment', 'inpatient_stay',
    'bonus_participation', 'bonus_exclusion', 'bonus_proof', 'bonus_activity', 'bonus_goal',
    'bonus_opening_balance', 'bonus_payout_request',
    'bonus_plan_declaration', 'bonus_plan_health_proof', 'bonus_plan_history',
    'employer', 'u1_election', 'u1_history', 'employment', 'pay_month', 'levy_declaration',
    'reimbursement_claim', 'levy_fund_balance',
    'bank_account', 'address'
  ] LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_before_batch_partitions');
    -- INCLUDING ALL: columns with their collations, NOT NULL, defaults, CHECK constraints and the
    -- indexes (partial ones too), which become the parent's partitioned indexes
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING ALL) PARTITION BY RANGE (batch_id)', t, t || '_before_batch_partitions');
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%s)',
                   t, t || '_before_batch_partitions', next_batch);
  END LOOP;
END
$$;
