-- U1/U2 (Aufwendungsausgleichsgesetz): the input files of data-contract.md, the parameters of
-- rules-aag-levy.md as effective-dated data, and the results of a levy run.

CREATE TABLE employer (
  batch_id           bigint NOT NULL,
  line               integer NOT NULL,
  employer_id        text COLLATE "C" NOT NULL,
  name               text NOT NULL,
  account_opened_on  date NOT NULL,
  closed_on          date,
  u1_exempt          boolean NOT NULL,
  aag_exempt         boolean NOT NULL,
  expected_headcount numeric(8, 2)
);
CREATE INDEX employer_key ON employer (batch_id, employer_id);

CREATE TABLE u1_election (
  batch_id    bigint NOT NULL,
  line        integer NOT NULL,
  employer_id text COLLATE "C" NOT NULL,
  year        integer NOT NULL,
  tariff      text NOT NULL CHECK (tariff IN ('50', '65')),
  received_on date NOT NULL
);
CREATE INDEX u1_election_key ON u1_election (batch_id, employer_id);

CREATE TABLE u1_history (
  batch_id     bigint NOT NULL,
  line         integer NOT NULL,
  employer_id  text COLLATE "C" NOT NULL,
  year         integer NOT NULL,
  participates boolean NOT NULL,
  tariff       text CHECK (tariff IN ('50', '65'))
);
CREATE INDEX u1_history_key ON u1_history (batch_id, employer_id);

CREATE TABLE employment (
  batch_id          bigint NOT NULL,
  line              integer NOT NULL,
  employer_id       text COLLATE "C" NOT NULL,
  employee_id       text COLLATE "C" NOT NULL,
  valid_from        date NOT NULL,
  valid_to          date,
  category          text NOT NULL,
  weekly_hours      numeric(6, 2) NOT NULL,
  insured_with_fund boolean NOT NULL
);
CREATE INDEX employment_key ON employment (batch_id, employer_id);

CREATE TABLE pay_month (
  batch_id      bigint NOT NULL,
  line          integer NOT NULL,
  employer_id   text COLLATE "C" NOT NULL,
  employee_id   text COLLATE "C" NOT NULL,
  month         text NOT NULL,
  sv_days       smallint NOT NULL CHECK (sv_days BETWEEN 0 AND 30),
  pay_regular   numeric(14, 2) NOT NULL,
  pay_one_time  numeric(14, 2) NOT NULL,
  short_no_efzg boolean NOT NULL
);
CREATE INDEX pay_month_key ON pay_month (batch_id, employer_id);

CREATE TABLE levy_declaration (
  batch_id    bigint NOT NULL,
  line        integer NOT NULL,
  employer_id text COLLATE "C" NOT NULL,
  month       text NOT NULL,
  declared_u1 numeric(14, 2),
  declared_u2 numeric(14, 2)
);
CREATE INDEX levy_declaration_key ON levy_declaration (batch_id, employer_id);

CREATE TABLE reimbursement_claim (
  batch_id               bigint NOT NULL,
  line                   integer NOT NULL,
  claim_id               text COLLATE "C" NOT NULL,
  employer_id            text COLLATE "C" NOT NULL,
  employee_id            text COLLATE "C" NOT NULL,
  kind                   text NOT NULL,
  period_from            date NOT NULL,
  period_to              date NOT NULL,
  continued_pay          numeric(14, 2) NOT NULL,
  employer_contributions numeric(14, 2)
);
CREATE INDEX reimbursement_claim_key ON reimbursement_claim (batch_id, employer_id);

CREATE TABLE levy_fund_balance (
  batch_id        bigint NOT NULL,
  line            integer NOT NULL,
  procedure       text NOT NULL CHECK (procedure IN ('U1', 'U2')),
  year            integer NOT NULL,
  opening_balance numeric(16, 2) NOT NULL
);

-- Rates (§ 39, § 40 Satzung). Levy rates are known from 2025-01-01 only ("earlier years' rates
-- are not in this Satzung copy"); the reimbursement rates are fixed by the tariffs' names and
-- dated from the AAG's entry into force (2006-01-01).
CREATE TABLE param_levy_rate (
  name       text NOT NULL CHECK (name IN ('u1_levy', 'u1_reimbursement', 'u2_levy', 'u2_reimbursement')),
  tariff     text NOT NULL DEFAULT '' CHECK (tariff IN ('', '50', '65')),
  version    text NOT NULL,
  valid_from date NOT NULL,
  valid_to   date,
  rate       numeric(10, 6) NOT NULL,
  source     text NOT NULL,
  PRIMARY KEY (name, tariff, valid_from)
);
INSERT INTO param_levy_rate (name, tariff, version, valid_from, valid_to, rate, source) VALUES
  ('u1_levy', '50', 'AAG-2025', '2025-01-01', NULL, 0.0215, 'Satzung AOK PLUS § 40 Abs. 2'),
  ('u1_levy', '65', 'AAG-2025', '2025-01-01', NULL, 0.0295, 'Satzung AOK PLUS § 40 Abs. 2'),
  ('u1_reimbursement', '50', 'AAG-2025', '2006-01-01', NULL, 0.5, 'Satzung AOK PLUS § 39 Abs. 1'),
  ('u1_reimbursement', '65', 'AAG-2025', '2006-01-01', NULL, 0.65, 'Satzung AOK PLUS § 39 Abs. 1'),
  ('u2_levy', '', 'AAG-2025', '2025-01-01', NULL, 0.0044, 'Satzung AOK PLUS § 40 Abs. 3'),
  ('u2_reimbursement', '', 'AAG-2025', '2006-01-01', NULL, 1, 'Satzung AOK PLUS § 39 Abs. 3');

-- Monthly contribution ceiling of the pension insurance (BBG RV); West/East until 2024.
CREATE TABLE param_pension_ceiling (
  year    integer NOT NULL,
  region  text NOT NULL CHECK (region IN ('all', 'west', 'east')),
  monthly numeric(10, 2) NOT NULL,
  source  text NOT NULL,
  PRIMARY KEY (year, region)
);
INSERT INTO param_pension_ceiling (year, region, monthly, source) VALUES
  (2023, 'west', 7300, 'Sozialversicherungs-Rechengrößenverordnung 2023'),
  (2023, 'east', 7100, 'Sozialversicherungs-Rechengrößenverordnung 2023'),
  (2024, 'west', 7550, 'Sozialversicherungs-Rechengrößenverordnung 2024'),
  (2024, 'east', 7450, 'Sozialversicherungs-Rechengrößenverordnung 2024'),
  (2025, 'all', 8050, 'Sozialversicherungs-Rechengrößenverordnung 2025'),
  (2026, 'all', 8450, 'Sozialversicherungs-Rechengrößenverordnung 2026');

INSERT INTO param_value (name, version, valid_from, valid_to, value, source) VALUES
  ('levy_headcount_limit', 'AAG', '2006-01-01', NULL, '30', '§ 1 Abs. 1, § 3 AAG; Satzung § 38'),
  ('levy_reserve_months', 'AAG', '2006-01-01', NULL, '3', '§ 9 AAG; Satzung § 41 Abs. 1');

-- Results of a levy run.
CREATE TABLE u1_tariff_result (
  run_id      bigint NOT NULL REFERENCES run (id),
  employer_id text COLLATE "C" NOT NULL,
  year        integer NOT NULL,
  chunk_no    integer NOT NULL,
  tariff      text NOT NULL,
  segments    text NOT NULL,
  reasons     text NOT NULL,
  PRIMARY KEY (run_id, employer_id, year)
);

CREATE TABLE u1_determination_result (
  run_id             bigint NOT NULL REFERENCES run (id),
  employer_id        text COLLATE "C" NOT NULL,
  year               integer NOT NULL,
  chunk_no           integer NOT NULL,
  months_considered  smallint,
  months_at_most_30  smallint,
  participates       boolean,
  basis              text NOT NULL,
  headcounts         text[] NOT NULL,
  reasons            text NOT NULL,
  PRIMARY KEY (run_id, employer_id, year)
);

CREATE TABLE levy_month_result (
  run_id          bigint NOT NULL REFERENCES run (id),
  employer_id     text COLLATE "C" NOT NULL,
  month           text COLLATE "C" NOT NULL,
  chunk_no        integer NOT NULL,
  u1_participates boolean,
  u1_tariff       text,
  u1_rate         text,
  u1_base         numeric(16, 2) NOT NULL,
  u1_levy         numeric(16, 2) NOT NULL,
  u2_rate         text,
  u2_base         numeric(16, 2) NOT NULL,
  u2_levy         numeric(16, 2) NOT NULL,
  declared_u1     numeric(16, 2),
  declared_u2     numeric(16, 2),
  diff_u1         numeric(16, 2) NOT NULL,
  diff_u2         numeric(16, 2) NOT NULL,
  diff_class      text NOT NULL,
  reasons         text NOT NULL,
  PRIMARY KEY (run_id, employer_id, month)
);

CREATE TABLE reimbursement_result (
  run_id        bigint NOT NULL REFERENCES run (id),
  claim_id      text COLLATE "C" NOT NULL,
  chunk_no      integer NOT NULL,
  employer_id   text COLLATE "C" NOT NULL,
  kind          text NOT NULL,
  days          integer NOT NULL,
  eligible_pay  numeric(16, 2) NOT NULL,
  capped_pay    numeric(16, 2) NOT NULL,
  rate          text,
  reimbursement numeric(16, 2) NOT NULL,
  decision      text NOT NULL,
  reason        text,
  PRIMARY KEY (run_id, claim_id)
);

-- Each employer's exact contribution to the funds' year (levy bases as 30 × base: a base such
-- as 8,050 × 10 / 30 has no finite decimal form); summed once the chunks are done.
CREATE TABLE levy_employer_figures (
  run_id      bigint NOT NULL REFERENCES run (id),
  employer_id text COLLATE "C" NOT NULL,
  chunk_no    integer NOT NULL,
  figures     jsonb NOT NULL,
  PRIMARY KEY (run_id, employer_id)
);

CREATE TABLE levy_fund_result (
  run_id              bigint NOT NULL REFERENCES run (id),
  procedure           text NOT NULL,
  year                integer NOT NULL,
  opening_balance     numeric(16, 2) NOT NULL,
  levies_declared     numeric(16, 2) NOT NULL,
  levies_computed     numeric(16, 2) NOT NULL,
  reimbursements      numeric(16, 2) NOT NULL,
  closing_balance     numeric(16, 2) NOT NULL,
  reserve_limit       numeric(16, 2) NOT NULL,
  reserve_status      text NOT NULL,
  break_even_rate     text,
  break_even_rate_t50 text,
  break_even_rate_t65 text,
  PRIMARY KEY (run_id, procedure, year)
);
