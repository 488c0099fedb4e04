-- A second fund on the same engine (issue 14; rules-nordost-bonus-plan.md "Funds",
-- data-contract-nordost.md "Parameters"). Each AOK is its own legal body: a parameter row is the
-- law of one fund, or federal law binding every fund. Member data carry no fund (an import folder
-- is one fund's extract); the job registry binds each job to a fund and a job reads its fund's
-- rows and the fund-less ones only (src/funds.ts). The run record keeps the fund it ran for.
--
-- The fund-less row is fund = '' (empty text), never NULL: the column stays NOT NULL, so it is
-- part of each primary key as it is (a scalar's key becomes (name, fund, valid_from)) and
-- `fund IN ('AOK PLUS', '')` reads both kinds of row without an IS NULL branch. There is no
-- default: a row added later must say whose law it is.
--
-- Existing rows become 'AOK PLUS' (they come from the Satzung der AOK PLUS and the decisions taken
-- for it), except the rows that are no fund's law (decision, written here and in the report):
--   premium_cap_rate, premium_cap_max  § 53 Abs. 8 Satz 4 SGB V: federal law (the spec names them);
--   sepa_countries, eea_countries      the EPC's list of SEPA countries and the EEA Agreement;
--   non_business_days                  the banks' calendar (TARGET, Bundesbank, public holidays);
--   param_pension_ceiling (every row)  BBG RV, Sozialversicherungs-Rechengrößenverordnung.
-- Everything else stays the fund's, also a row citing a federal act next to the Satzung
-- (levy_headcount_limit, levy_reserve_months: their source names the Satzung der AOK PLUS too) and
-- the payments' own decisions (require_payee_address) and the rows migration 0014 adds (the
-- fund's debtor account and ledger): a second fund copies them as its own rows when it needs them.
-- The UPDATE runs over every row present, whoever added it before this migration.

-- Scalars: key (name, fund, valid_from).
ALTER TABLE param_value ADD COLUMN fund text;
UPDATE param_value
   SET fund = CASE WHEN name IN ('premium_cap_rate', 'premium_cap_max', 'sepa_countries', 'eea_countries', 'non_business_days')
                   THEN '' ELSE 'AOK PLUS' END;
ALTER TABLE param_value
  ALTER COLUMN fund SET NOT NULL,
  ADD CONSTRAINT param_value_fund CHECK (fund IN ('', 'AOK PLUS', 'AOK Nordost')),
  DROP CONSTRAINT param_value_pkey,
  ADD PRIMARY KEY (name, fund, valid_from);

-- § 18a class table (Satzung AOK PLUS).
ALTER TABLE param_tariff_class ADD COLUMN fund text;
UPDATE param_tariff_class SET fund = 'AOK PLUS';
ALTER TABLE param_tariff_class
  ALTER COLUMN fund SET NOT NULL,
  ADD CONSTRAINT param_tariff_class_fund CHECK (fund IN ('', 'AOK PLUS', 'AOK Nordost')),
  DROP CONSTRAINT param_tariff_class_pkey,
  ADD PRIMARY KEY (fund, version, tariff_class);

-- § 19a points table (Satzung AOK PLUS).
ALTER TABLE param_bonus_measure ADD COLUMN fund text;
UPDATE param_bonus_measure SET fund = 'AOK PLUS';
ALTER TABLE param_bonus_measure
  ALTER COLUMN fund SET NOT NULL,
  ADD CONSTRAINT param_bonus_measure_fund CHECK (fund IN ('', 'AOK PLUS', 'AOK Nordost')),
  DROP CONSTRAINT param_bonus_measure_pkey,
  ADD PRIMARY KEY (fund, version, measure_code);

-- U1/U2 rates (§§ 39, 40 Satzung AOK PLUS).
ALTER TABLE param_levy_rate ADD COLUMN fund text;
UPDATE param_levy_rate SET fund = 'AOK PLUS';
ALTER TABLE param_levy_rate
  ALTER COLUMN fund SET NOT NULL,
  ADD CONSTRAINT param_levy_rate_fund CHECK (fund IN ('', 'AOK PLUS', 'AOK Nordost')),
  DROP CONSTRAINT param_levy_rate_pkey,
  ADD PRIMARY KEY (name, tariff, fund, valid_from);

-- BBG RV: a federal regulation, the same for every fund.
ALTER TABLE param_pension_ceiling ADD COLUMN fund text;
UPDATE param_pension_ceiling SET fund = '';
ALTER TABLE param_pension_ceiling
  ALTER COLUMN fund SET NOT NULL,
  ADD CONSTRAINT param_pension_ceiling_fund CHECK (fund IN ('', 'AOK PLUS', 'AOK Nordost')),
  DROP CONSTRAINT param_pension_ceiling_pkey,
  ADD PRIMARY KEY (year, region, fund);

-- The run keeps the fund of its job (set at creation from the plug-in). Every job known when this
-- migration runs (tariff-settlement, bonus-crediting, levy) is an AOK PLUS job.
ALTER TABLE run ADD COLUMN fund text;
UPDATE run SET fund = 'AOK PLUS';
ALTER TABLE run
  ALTER COLUMN fund SET NOT NULL,
  ADD CONSTRAINT run_fund_known CHECK (fund IN ('AOK PLUS', 'AOK Nordost'));

-- AOK Nordost "AOK Bonus Plan": class table (rules-nordost-bonus-plan.md, "Parameters"). A tariff's
-- table is always one fund's law. Rows valid from 2024-01-01 (an example date of the spec).
-- Bands as § 18a: above the previous bound up to and including its own; class 3 has no bound.
CREATE TABLE param_bonus_plan_class (
  fund                   text NOT NULL CHECK (fund IN ('AOK PLUS', 'AOK Nordost')),
  version                text NOT NULL,
  valid_from             date NOT NULL,
  valid_to               date,
  tariff_class           smallint NOT NULL CHECK (tariff_class BETWEEN 1 AND 3),
  income_up_to           numeric(14, 2),
  basic_bonus            numeric(14, 2) NOT NULL,
  additional_bonus       numeric(14, 2) NOT NULL,
  copay_per_visit        numeric(14, 2) NOT NULL,
  copay_per_hospital_day numeric(14, 2) NOT NULL,
  copay_cap              numeric(14, 2) NOT NULL,
  source                 text NOT NULL,
  PRIMARY KEY (fund, version, tariff_class)
);

INSERT INTO param_bonus_plan_class
  (fund, version, valid_from, valid_to, tariff_class, income_up_to, basic_bonus, additional_bonus,
   copay_per_visit, copay_per_hospital_day, copay_cap, source)
VALUES
  ('AOK Nordost', 'bonus-plan-2024-01-01', '2024-01-01', NULL, 1, 20000.00,  80.00, 150.00, 20.00, 20.00, 160.00,
   'AOK Nordost leaflet "AOK Bonus Plan" (basic bonus); additional bonus and maximum co-payment as AOK Sachsen-Anhalt''s tariff; per visit and day = maximum / 8 (spec decision; example parameters, the fund confirms them)'),
  ('AOK Nordost', 'bonus-plan-2024-01-01', '2024-01-01', NULL, 2, 40000.00, 110.00, 180.00, 27.50, 27.50, 220.00,
   'AOK Nordost leaflet "AOK Bonus Plan" (basic bonus); additional bonus and maximum co-payment as AOK Sachsen-Anhalt''s tariff; per visit and day = maximum / 8 (spec decision; example parameters, the fund confirms them)'),
  ('AOK Nordost', 'bonus-plan-2024-01-01', '2024-01-01', NULL, 3, NULL,     230.00, 300.00, 57.50, 57.50, 460.00,
   'AOK Nordost leaflet "AOK Bonus Plan" (basic bonus); additional bonus, maximum co-payment and 57.50 per prescription as AOK Sachsen-Anhalt''s tariff; per hospital day = per visit (spec decision; example parameters, the fund confirms them)');

-- Scalars of the plan: MM-DD values are days of Y+1.
INSERT INTO param_value (name, fund, version, valid_from, valid_to, value, source) VALUES
  ('health_bonus', 'AOK Nordost', 'bonus-plan-2024', '2024-01-01', NULL, '70.00',
   'AOK Nordost leaflet "AOK Bonus Plan": "The health bonus is 70 euros annually"'),
  ('health_proof_deadline', 'AOK Nordost', 'bonus-plan-2024', '2024-01-01', NULL, '03-31',
   'rules-nordost-bonus-plan.md: proofs of Y by 31 March Y+1 (spec decision; example parameter, the fund confirms it)'),
  ('payout_due', 'AOK Nordost', 'bonus-plan-2024', '2024-01-01', NULL, '06-30',
   'AOK Nordost leaflet "AOK Bonus Plan": "Payment for the preceding year is rendered by 30 June"'),
  ('additional_bonus_months', 'AOK Nordost', 'bonus-plan-2024', '2024-01-01', NULL, '36',
   'AOK Nordost leaflet "AOK Bonus Plan": three years without claims; counted in participation months (spec decision)');

-- The plan's input files (data-contract-nordost.md), the import group `nordost-bonus-plan`; rows
-- keep their batch and line like every input table.
CREATE TABLE bonus_plan_declaration (
  batch_id       bigint NOT NULL,
  line           integer NOT NULL,
  declaration_id text COLLATE "C" NOT NULL,
  member_id      text COLLATE "C" NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('enrol', 'class_change', 'cancel', 'hardship_cancel')),
  received_on    date NOT NULL,
  declared_class smallint CHECK (declared_class BETWEEN 1 AND 3)
);
CREATE INDEX bonus_plan_declaration_key ON bonus_plan_declaration (batch_id, member_id);

CREATE TABLE bonus_plan_health_proof (
  batch_id     bigint NOT NULL,
  line         integer NOT NULL,
  proof_id     text COLLATE "C" NOT NULL,
  member_id    text COLLATE "C" NOT NULL,
  path         text NOT NULL CHECK (path IN ('prevention_set', 'sports_badge', 'fitness_test')),
  performed_on date NOT NULL,
  received_on  date NOT NULL
);
CREATE INDEX bonus_plan_health_proof_key ON bonus_plan_health_proof (batch_id, member_id);

CREATE TABLE bonus_plan_history (
  batch_id            bigint NOT NULL,
  line                integer NOT NULL,
  member_id           text COLLATE "C" NOT NULL,
  year                integer NOT NULL,
  participation_start date NOT NULL,
  claim_free_months   integer NOT NULL CHECK (claim_free_months >= 0)
);
CREATE INDEX bonus_plan_history_key ON bonus_plan_history (batch_id, member_id);
