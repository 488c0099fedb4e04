-- Retention (`yearend purge --older-than DURATION`): the detail rows of old runs that were never
-- released may be deleted; the run record and its inputs stay, stamped with the time of the purge.
ALTER TABLE run ADD COLUMN details_purged_at timestamptz;

-- A purged run keeps its status for the record, but it can never move on: resuming a purged failed
-- run would find no chunks and "compute" an empty result, and approving or releasing a run whose
-- figures are gone would move money on nothing. The guard sits in the database, so every code path
-- (resume, approve, release, a worker finishing late) gets the same refusal.
CREATE FUNCTION run_purged_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'run %: its details were purged on % (retention); it can no longer be resumed, approved or released',
    OLD.id, to_char(OLD.details_purged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD');
END
$$;

CREATE TRIGGER run_purged_is_final BEFORE UPDATE OF status ON run
  FOR EACH ROW WHEN (OLD.details_purged_at IS NOT NULL AND NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION run_purged_is_final();
