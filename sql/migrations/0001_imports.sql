-- Imports are immutable batches (data-contract.md, "Imports are batches"). A file in a newer
-- batch replaces that file's data from older batches; rows keep their batch, so a run that
-- recorded its batches can be reproduced. Keys use the C collation so ranges and sort order are
-- byte order, whatever the database's collation.

CREATE TABLE import_batch (
  id          bigserial PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  folder      text NOT NULL,
  imported_by text NOT NULL
);

CREATE TABLE import_file (
  batch_id      bigint NOT NULL REFERENCES import_batch (id),
  file_name     text NOT NULL,
  sha256        text NOT NULL,
  rows_total    integer NOT NULL,
  rows_loaded   integer NOT NULL,
  rows_rejected integer NOT NULL,
  PRIMARY KEY (batch_id, file_name)
);
CREATE INDEX import_file_by_name ON import_file (file_name, batch_id DESC);

CREATE TABLE import_rejection (
  batch_id    bigint NOT NULL REFERENCES import_batch (id),
  file_name   text NOT NULL,
  line        integer NOT NULL,
  column_name text NOT NULL,
  value       text,
  reason      text NOT NULL
);
CREATE INDEX import_rejection_by_batch ON import_rejection (batch_id, file_name, line);

-- Common files
CREATE TABLE member (
  batch_id   bigint NOT NULL,
  line       integer NOT NULL,
  member_id  text COLLATE "C" NOT NULL,
  birth_date date NOT NULL,
  died_on    date
);
CREATE INDEX member_key ON member (batch_id, member_id);

CREATE TABLE membership (
  batch_id   bigint NOT NULL,
  line       integer NOT NULL,
  member_id  text COLLATE "C" NOT NULL,
  valid_from date NOT NULL,
  valid_to   date,
  kind       text NOT NULL CHECK (kind IN ('mandatory', 'voluntary', 'family'))
);
CREATE INDEX membership_key ON membership (batch_id, member_id);

CREATE TABLE third_party_period (
  batch_id   bigint NOT NULL,
  line       integer NOT NULL,
  member_id  text COLLATE "C" NOT NULL,
  valid_from date NOT NULL,
  valid_to   date
);
CREATE INDEX third_party_period_key ON third_party_period (batch_id, member_id);

CREATE TABLE annual_income (
  batch_id             bigint NOT NULL,
  line                 integer NOT NULL,
  member_id            text COLLATE "C" NOT NULL,
  year                 integer NOT NULL,
  contributory_income  numeric(14, 2),
  member_contributions numeric(14, 2)
);
CREATE INDEX annual_income_key ON annual_income (batch_id, member_id);

-- § 18a files
CREATE TABLE tariff_declaration (
  batch_id       bigint NOT NULL,
  line           integer NOT NULL,
  declaration_id text COLLATE "C" NOT NULL,
  member_id      text COLLATE "C" NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('enrol', 'class_change', 'cancel', 'hardship_cancel')),
  received_on    date NOT NULL,
  declared_class smallint CHECK (declared_class BETWEEN 1 AND 6)
);
CREATE INDEX tariff_declaration_key ON tariff_declaration (batch_id, member_id);

CREATE TABLE outpatient_treatment (
  batch_id          bigint NOT NULL,
  line              integer NOT NULL,
  claim_id          text COLLATE "C" NOT NULL,
  member_id         text COLLATE "C" NOT NULL,
  treated_on        date NOT NULL,
  with_prescription boolean NOT NULL,
  category          text NOT NULL CHECK (category IN ('regular', 'pregnancy', 'prevention', 'contraception'))
);
CREATE INDEX outpatient_treatment_key ON outpatient_treatment (batch_id, member_id);

CREATE TABLE inpatient_stay (
  batch_id      bigint NOT NULL,
  line          integer NOT NULL,
  claim_id      text COLLATE "C" NOT NULL,
  member_id     text COLLATE "C" NOT NULL,
  admitted_on   date NOT NULL,
  discharged_on date NOT NULL,
  category      text NOT NULL CHECK (category IN ('regular', 'pregnancy', 'prevention', 'contraception'))
);
CREATE INDEX inpatient_stay_key ON inpatient_stay (batch_id, member_id);

-- § 19a file read by § 18a (overlap hold)
CREATE TABLE bonus_participation (
  batch_id   bigint NOT NULL,
  line       integer NOT NULL,
  member_id  text COLLATE "C" NOT NULL,
  valid_from date NOT NULL,
  valid_to   date
);
CREATE INDEX bonus_participation_key ON bonus_participation (batch_id, member_id);
