-- § 19a bonus programme: the input files of data-contract.md, the points table and the named
-- parameters of rules-19a-bonus.md as effective-dated data, and the results of a crediting run.

CREATE TABLE bonus_exclusion (
  batch_id   bigint NOT NULL,
  line       integer NOT NULL,
  member_id  text COLLATE "C" NOT NULL,
  valid_from date NOT NULL,
  valid_to   date
);
CREATE INDEX bonus_exclusion_key ON bonus_exclusion (batch_id, member_id);

CREATE TABLE bonus_proof (
  batch_id     bigint NOT NULL,
  line         integer NOT NULL,
  proof_id     text COLLATE "C" NOT NULL,
  member_id    text COLLATE "C" NOT NULL,
  measure_code text NOT NULL,
  performed_on date NOT NULL,
  received_on  date NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('app', 'paper'))
);
CREATE INDEX bonus_proof_key ON bonus_proof (batch_id, member_id);

CREATE TABLE bonus_activity (
  batch_id       bigint NOT NULL,
  line           integer NOT NULL,
  activity_id    text COLLATE "C" NOT NULL,
  member_id      text COLLATE "C" NOT NULL,
  activity_on    date NOT NULL,
  duration_min   numeric(12, 2),
  kcal           numeric(12, 2),
  avg_heart_rate numeric(12, 2),
  steps          numeric(12, 2)
);
CREATE INDEX bonus_activity_key ON bonus_activity (batch_id, member_id);

CREATE TABLE bonus_goal (
  batch_id         bigint NOT NULL,
  line             integer NOT NULL,
  goal_id          text COLLATE "C" NOT NULL,
  member_id        text COLLATE "C" NOT NULL,
  started_on       date NOT NULL,
  completed_on     date NOT NULL,
  challenges_total integer NOT NULL,
  challenges_done  integer NOT NULL
);
CREATE INDEX bonus_goal_key ON bonus_goal (batch_id, member_id);

CREATE TABLE bonus_opening_balance (
  batch_id  bigint NOT NULL,
  line      integer NOT NULL,
  member_id text COLLATE "C" NOT NULL,
  year      integer NOT NULL,
  points    integer NOT NULL
);
CREATE INDEX bonus_opening_balance_key ON bonus_opening_balance (batch_id, member_id);

CREATE TABLE bonus_payout_request (
  batch_id     bigint NOT NULL,
  line         integer NOT NULL,
  payout_id    text COLLATE "C" NOT NULL,
  member_id    text COLLATE "C" NOT NULL,
  requested_on date NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('cash', 'plus')),
  points       integer NOT NULL,
  receipt_id   text COLLATE "C",
  service_code text,
  service_on   date,
  cost         numeric(14, 2)
);
CREATE INDEX bonus_payout_request_key ON bonus_payout_request (batch_id, member_id);

-- The points table (§ 19a Abs. 2 and 3 Satzung, rules-19a-bonus.md). The spec gives it without a
-- start date; it is dated from 2023-01-01, the earliest day its own rules refer to (PLUS services
-- from 2023), so that balances can be carried from 2023 on. A run for an earlier year stops
-- with a clear error; a different earlier table is added as a new version.
CREATE TABLE param_bonus_measure (
  version      text NOT NULL,
  valid_from   date NOT NULL,
  valid_to     date,
  measure_code text NOT NULL,
  section      text NOT NULL CHECK (section IN ('65a1', '65a1a')),
  points       integer NOT NULL,
  frequency    text NOT NULL CHECK (frequency IN ('per_proof', 'once_a_year', 'set_u1_u3', 'not_bonifiable')),
  source       text NOT NULL,
  PRIMARY KEY (version, measure_code)
);

INSERT INTO param_bonus_measure (version, valid_from, valid_to, measure_code, section, points, frequency, source)
SELECT '19a-2023', DATE '2023-01-01', NULL, code, section, points, frequency, 'Satzung AOK PLUS § 19a Abs. ' || CASE section WHEN '65a1' THEN '2' ELSE '3' END
  FROM (VALUES
    ('VACCINATION', '65a1', 500, 'per_proof'),
    ('HEALTH_CHECKUP', '65a1', 500, 'once_a_year'),
    ('CANCER_SCREENING', '65a1', 500, 'once_a_year'),
    ('CHILD_U1', '65a1', 0, 'set_u1_u3'),
    ('CHILD_U2', '65a1', 0, 'set_u1_u3'),
    ('CHILD_U3', '65a1', 0, 'set_u1_u3'),
    ('CHILD_U4', '65a1', 500, 'once_a_year'),
    ('CHILD_U5', '65a1', 500, 'once_a_year'),
    ('CHILD_U6', '65a1', 500, 'once_a_year'),
    ('CHILD_U7', '65a1', 500, 'once_a_year'),
    ('CHILD_U7A', '65a1', 500, 'once_a_year'),
    ('CHILD_U8', '65a1', 500, 'once_a_year'),
    ('CHILD_U9', '65a1', 500, 'once_a_year'),
    ('CHILD_DENTAL_EARLY', '65a1', 500, 'once_a_year'),
    ('NEWBORN_HEARING', '65a1', 500, 'once_a_year'),
    ('YOUTH_J1', '65a1', 500, 'once_a_year'),
    ('VACCINATION_EXTRA', '65a1a', 500, 'per_proof'),
    ('VACCINATION_TRAVEL', '65a1a', 0, 'not_bonifiable'),
    ('DENTAL_CHECKUP', '65a1a', 500, 'once_a_year'),
    ('PROFESSIONAL_CLEANING', '65a1a', 500, 'once_a_year'),
    ('PREGNANCY_CHECKUP', '65a1a', 500, 'once_a_year'),
    ('NON_SMOKING_COURSE', '65a1a', 500, 'once_a_year'),
    ('FITNESS_EXAM', '65a1a', 500, 'once_a_year'),
    ('CHILD_U10', '65a1a', 500, 'once_a_year'),
    ('CHILD_U11', '65a1a', 500, 'once_a_year'),
    ('YOUTH_J2', '65a1a', 500, 'once_a_year'),
    ('SPORTS_MEDICAL_EXAM', '65a1a', 500, 'once_a_year'),
    ('SKIN_CHECK', '65a1a', 500, 'once_a_year'),
    ('SPORTS_EVENT', '65a1a', 500, 'once_a_year'),
    ('SPORTS_BADGE', '65a1a', 500, 'once_a_year'),
    ('SPORTS_CLUB', '65a1a', 1000, 'once_a_year'),
    ('GYM_MEMBERSHIP', '65a1a', 1000, 'once_a_year'),
    ('FITNESS_TRACKER', '65a1a', 1000, 'once_a_year'),
    ('BONE_MARROW_TYPING', '65a1a', 1000, 'once_a_year'),
    ('BLOOD_DONATION', '65a1a', 1000, 'once_a_year')
  ) AS t (code, section, points, frequency);

-- Named parameters of rules-19a-bonus.md (deadlines, ages, limits, conversion rates).
INSERT INTO param_value (name, version, valid_from, valid_to, value, source)
SELECT name, '19a-2023', DATE '2023-01-01', NULL, value, source
  FROM (VALUES
    ('bonus_proof_deadline', '03-31', '§ 19a Abs. 6: proofs of Y by 31 March Y+1'),
    ('bonus_u1_u3_set_points', '1500', '§ 19a Abs. 2: U1–U3 as a complete set'),
    ('bonus_dental_half_years_below_age', '18', '§ 19a Abs. 3: dental check-up under 18 twice a year'),
    ('bonus_activity_min_age', '15', '§ 19a Abs. 4'),
    ('bonus_goal_min_age', '18', '§ 19a Abs. 5'),
    ('bonus_goal_max_days', '90', '§ 19a Abs. 5'),
    ('bonus_goal_min_share', '0.8', '§ 19a Abs. 5: 80 % of the challenges'),
    ('bonus_activities_per_month', '15', '§ 19a Abs. 4'),
    ('bonus_goals_per_year', '4', '§ 19a Abs. 5'),
    ('bonus_activity_points', '50', '§ 19a Abs. 4'),
    ('bonus_goal_points', '1500', '§ 19a Abs. 5'),
    ('bonus_activity_kcal', '150', '§ 19a Abs. 4: 150 kcal in 30 minutes'),
    ('bonus_activity_kcal_minutes', '30', '§ 19a Abs. 4'),
    ('bonus_activity_heart_rate', '120', '§ 19a Abs. 4: 120 bpm over 30 minutes'),
    ('bonus_activity_heart_rate_minutes', '30', '§ 19a Abs. 4'),
    ('bonus_activity_steps', '10000', '§ 19a Abs. 4: 10,000 steps a day'),
    ('bonus_cash_minimum_points', '500', '§ 19a Abs. 7'),
    ('bonus_cash_euro_per_point', '0.01', '§ 19a Abs. 7: 100 points = 1.00 EUR'),
    ('bonus_plus_euro_per_point', '0.02', '§ 19a Abs. 7: 100 points = 2.00 EUR for PLUS services'),
    ('bonus_plus_start_date', '2023-01-01', '§ 19a Abs. 7: PLUS services from 2023')
  ) AS t (name, value, source);

-- Results of a crediting run: one account per member and run, one row per item.
CREATE TABLE bonus_account_result (
  run_id              bigint NOT NULL REFERENCES run (id),
  member_id           text COLLATE "C" NOT NULL,
  chunk_no            integer NOT NULL,
  year                integer NOT NULL,
  opening_points      integer NOT NULL,
  opening_source      text NOT NULL,
  credited_65a1       integer NOT NULL,
  credited_65a1a      integer NOT NULL,
  credited_activities integer NOT NULL,
  credited_goals      integer NOT NULL,
  payout_points       integer NOT NULL,
  payout_cash_eur     numeric(14, 2) NOT NULL,
  payout_plus_eur     numeric(14, 2) NOT NULL,
  forfeited_points    integer NOT NULL,
  closing_points      integer NOT NULL,
  closing_value_eur   numeric(14, 2) NOT NULL,
  payout_eligible     boolean NOT NULL,
  PRIMARY KEY (run_id, member_id)
);

CREATE TABLE bonus_item_result (
  run_id    bigint NOT NULL REFERENCES run (id),
  item_type text NOT NULL CHECK (item_type IN ('proof', 'activity', 'goal', 'payout')),
  item_id   text COLLATE "C" NOT NULL,
  member_id text COLLATE "C" NOT NULL,
  chunk_no  integer NOT NULL,
  year      integer NOT NULL,
  points    integer NOT NULL,
  decision  text NOT NULL CHECK (decision IN ('credited', 'merged', 'rejected', 'paid')),
  reason    text,
  -- payout items only: what was paid, and the receipt a PLUS subsidy used (each receipt once, ever)
  payout_kind text CHECK (payout_kind IN ('cash', 'plus')),
  payout_eur  numeric(14, 2),
  receipt_id  text COLLATE "C",
  PRIMARY KEY (run_id, item_type, item_id)
);
CREATE INDEX bonus_item_result_by_chunk ON bonus_item_result (run_id, chunk_no);
CREATE INDEX bonus_item_result_payouts ON bonus_item_result (item_id) WHERE item_type = 'payout';
CREATE INDEX bonus_item_result_receipts ON bonus_item_result (receipt_id) WHERE receipt_id IS NOT NULL AND decision = 'paid';

-- State across years: the run whose closing balances a run takes as opening balances (the
-- previous year's latest released run, else its latest computed one, with a warning).
ALTER TABLE run ADD COLUMN state_run_id bigint REFERENCES run (id);
