-- A failed or cancelled run can be dismissed (`yearend dismiss <run> --by NAME --note TEXT`): a
-- mark, not a status. The run keeps its status; the deadline watch of `status` stops counting it
-- (a dismissed failed run no longer makes its job and year overdue). Who, when and why are kept.
ALTER TABLE run ADD COLUMN dismissed_by text;
ALTER TABLE run ADD COLUMN dismissed_at timestamptz;
ALTER TABLE run ADD COLUMN dismissed_note text;
ALTER TABLE run ADD CONSTRAINT run_dismissed_complete
  CHECK ((dismissed_at IS NULL) = (dismissed_by IS NULL) AND (dismissed_at IS NULL) = (dismissed_note IS NULL));
