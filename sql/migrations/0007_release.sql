-- Operating the year (pipeline.md, "Runs"): Klärfälle decided by hand and the payment list
-- written at release.

-- The day of the release: due dates of the payment list are counted from it (a receivable falls
-- due one month after the release). Taken from the pipeline's clock (YEAREND_TODAY or today in
-- Europe/Berlin), not from released_at, so that tests and re-runs of the report agree.
ALTER TABLE run ADD COLUMN released_on date;

-- A decision on a Klärfall (held item or rejected declaration), four-eyes: never by the person
-- who started the run. One decision per item and run; decisions are final (a changed mind is a
-- correction run), so the table is the audit trail.
CREATE TABLE run_decision (
  run_id     bigint NOT NULL REFERENCES run (id),
  item_type  text COLLATE "C" NOT NULL,
  item_key   text COLLATE "C" NOT NULL,
  decision   text NOT NULL CHECK (decision IN ('approve', 'reject')),
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  note       text NOT NULL CHECK (note <> ''),
  PRIMARY KEY (run_id, item_type, item_key)
);

-- The payment list of a release: the money this release moves, per item. `position` is what the
-- run says is owed (+ the fund pays, − the fund collects), `previously` what earlier releases of
-- the same job and year already moved; `amount` = |position − previously| in `direction`. So a
-- correction run's list holds only the deltas, and the sum over all releases of a job and year
-- is always the latest released position. Released runs' lists are never changed.
CREATE TABLE run_payment (
  run_id      bigint NOT NULL REFERENCES run (id),
  category    text COLLATE "C" NOT NULL CHECK (category IN ('tariff', 'bonus_payout', 'reimbursement')),
  item_key    text COLLATE "C" NOT NULL,
  member_id   text COLLATE "C",
  employer_id text COLLATE "C",
  detail      text,
  direction   text NOT NULL CHECK (direction IN ('payout', 'receivable')),
  amount      numeric(14, 2) NOT NULL CHECK (amount > 0),
  due_on      date NOT NULL,
  basis       text NOT NULL CHECK (basis IN ('computed', 'decided')),
  position    numeric(14, 2) NOT NULL,
  previously  numeric(14, 2) NOT NULL,
  PRIMARY KEY (run_id, category, item_key)
);
