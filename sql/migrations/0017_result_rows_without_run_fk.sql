-- Result rows written by a run's chunks no longer carry a foreign key to `run` (issue 12).
--
-- Why: a foreign key is checked by a trigger per inserted row (an index probe of `run` plus a
-- KEY SHARE lock on the run row). The bonus chunks COPY ~16 M item rows for 1.3 M members; the
-- bench measured that check at ~45 % of the item COPY (1,009 ms → 551 ms for one chunk's 28 k
-- rows) and ~15 % of the whole bonus settle (200 k members: 49–54 s → 43 s).
--
-- What keeps the rows' run_id right without it:
--  * these tables are written only inside a chunk's transaction, which first locks its `run_chunk`
--    row (src/runs/chunk-lifecycle.ts, finishChunk), and `run_chunk` keeps its foreign key to `run`: no chunk, no rows;
--  * a run is never deleted — not even by retention (`purge` deletes detail rows and keeps the run
--    record) — and from now on the database refuses it (below), so no row can lose its run later.
-- Tables written once per run at finalize or by people (run_exception, run_input, run_chunk,
-- decisions, payments, levy_fund_result) keep their foreign keys: they are small.

CREATE FUNCTION run_is_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'run %: runs are never deleted (their result rows and the audit trail refer to them)', OLD.id;
END
$$;

CREATE TRIGGER run_is_never_deleted BEFORE DELETE ON run
  FOR EACH ROW EXECUTE FUNCTION run_is_never_deleted();

ALTER TABLE tariff_result DROP CONSTRAINT tariff_result_run_id_fkey;
ALTER TABLE bonus_account_result DROP CONSTRAINT bonus_account_result_run_id_fkey;
ALTER TABLE bonus_item_result DROP CONSTRAINT bonus_item_result_run_id_fkey;
ALTER TABLE u1_tariff_result DROP CONSTRAINT u1_tariff_result_run_id_fkey;
ALTER TABLE u1_determination_result DROP CONSTRAINT u1_determination_result_run_id_fkey;
ALTER TABLE levy_month_result DROP CONSTRAINT levy_month_result_run_id_fkey;
ALTER TABLE reimbursement_result DROP CONSTRAINT reimbursement_result_run_id_fkey;
ALTER TABLE levy_employer_figures DROP CONSTRAINT levy_employer_figures_run_id_fkey;
ALTER TABLE nordost_result DROP CONSTRAINT nordost_result_run_id_fkey;
ALTER TABLE nordost_proof_result DROP CONSTRAINT nordost_proof_result_run_id_fkey;
