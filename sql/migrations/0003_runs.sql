-- Runs (pipeline.md, "Runs"): one execution of one job for one year, with its inputs, chunks,
-- results and exceptions. Results are keyed by (run, member); a chunk rewrites its own rows in
-- one transaction, so a retried or duplicated chunk never doubles or drops a row.

CREATE TABLE run (
  id                 bigserial PRIMARY KEY,
  job                text NOT NULL,
  year               integer NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('final', 'dry', 'correction')),
  status             text NOT NULL CHECK (status IN ('queued', 'running', 'computed', 'approved', 'released', 'failed', 'cancelled')),
  mode               text NOT NULL CHECK (mode IN ('in-process', 'queue')),
  started_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz,
  as_of              date NOT NULL,
  baseline_run_id    bigint REFERENCES run (id),
  chunk_size         integer NOT NULL,
  chunk_count        integer NOT NULL DEFAULT 0,
  dispatch_round     integer NOT NULL DEFAULT 0,
  parameter_versions jsonb NOT NULL DEFAULT '{}',
  totals             jsonb,
  reports            jsonb NOT NULL DEFAULT '[]',
  warnings           jsonb NOT NULL DEFAULT '[]',
  error              text,
  approved_by        text,
  approved_at        timestamptz,
  released_by        text,
  released_at        timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
-- One active run per job and year: a second start fails on this index.
CREATE UNIQUE INDEX run_one_active ON run (job, year) WHERE status IN ('queued', 'running');
CREATE INDEX run_by_job_year ON run (job, year, id DESC);

CREATE TABLE run_input (
  run_id    bigint NOT NULL REFERENCES run (id),
  file_name text NOT NULL,
  batch_id  bigint NOT NULL REFERENCES import_batch (id),
  rows      integer NOT NULL,
  sha256    text NOT NULL,
  PRIMARY KEY (run_id, file_name)
);

CREATE TABLE run_chunk (
  run_id        bigint NOT NULL REFERENCES run (id),
  chunk_no      integer NOT NULL,
  first_key     text COLLATE "C" NOT NULL,
  last_key      text COLLATE "C" NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
  attempts      integer NOT NULL DEFAULT 0,
  rows_read     integer NOT NULL DEFAULT 0,
  rows_written  integer NOT NULL DEFAULT 0,
  rows_rejected integer NOT NULL DEFAULT 0,
  finished_at   timestamptz,
  error         text,
  PRIMARY KEY (run_id, chunk_no)
);

-- Exceptions with a reason code: declaration-level rejections, held members, informational codes.
CREATE TABLE run_exception (
  run_id    bigint NOT NULL REFERENCES run (id),
  chunk_no  integer NOT NULL,
  item_type text NOT NULL,
  item_key  text COLLATE "C" NOT NULL,
  member_id text COLLATE "C",
  code      text NOT NULL,
  held      boolean NOT NULL,
  PRIMARY KEY (run_id, item_type, item_key, code)
);
CREATE INDEX run_exception_by_chunk ON run_exception (run_id, chunk_no);

-- § 18a results: one row per member and run, the tariff_settlement export's columns.
CREATE TABLE tariff_result (
  run_id                bigint NOT NULL REFERENCES run (id),
  member_id             text COLLATE "C" NOT NULL,
  chunk_no              integer NOT NULL,
  year                  integer NOT NULL,
  participation_months  smallint NOT NULL,
  premium_prorated      numeric(14, 2) NOT NULL,
  cap_prorated          numeric(14, 2) NOT NULL,
  outpatient_events     integer NOT NULL,
  inpatient_events      integer NOT NULL,
  events_amount         numeric(14, 2) NOT NULL,
  deductible            numeric(14, 2) NOT NULL,
  premium_cap_statutory numeric(14, 2),
  premium_paid          numeric(14, 2) NOT NULL,
  balance               numeric(14, 2) NOT NULL,
  outcome               text NOT NULL CHECK (outcome IN ('payout', 'receivable', 'zero', 'held')),
  due_on                date,
  classes               text NOT NULL,
  reasons               text NOT NULL,
  admissible_class      smallint,
  PRIMARY KEY (run_id, member_id)
);
