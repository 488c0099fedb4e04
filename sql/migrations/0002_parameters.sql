-- Effective-dated parameters, stored as data (never constants in code). A run records the
-- versions it used. Values are exact numerics.

CREATE TABLE param_tariff_class (
  version              text NOT NULL,
  valid_from           date NOT NULL,
  valid_to             date,
  tariff_class         smallint NOT NULL CHECK (tariff_class BETWEEN 1 AND 6),
  income_up_to         numeric(14, 2),
  premium              numeric(14, 2) NOT NULL,
  outpatient_deductible numeric(14, 2) NOT NULL,
  inpatient_deductible numeric(14, 2) NOT NULL,
  yearly_cap           numeric(14, 2) NOT NULL,
  source               text NOT NULL,
  PRIMARY KEY (version, tariff_class)
);

-- Scalar parameters (rates, caps, deadlines) by name, effective-dated.
CREATE TABLE param_value (
  name       text NOT NULL,
  version    text NOT NULL,
  valid_from date NOT NULL,
  valid_to   date,
  value      text NOT NULL,
  source     text NOT NULL,
  PRIMARY KEY (name, valid_from)
);

-- § 18a Abs. 3 Satzung der AOK PLUS, class table valid from 2022-04-01 (rules-18a-tariff.md).
INSERT INTO param_tariff_class
  (version, valid_from, valid_to, tariff_class, income_up_to, premium, outpatient_deductible, inpatient_deductible, yearly_cap, source)
VALUES
  ('18a-2022-04-01', '2022-04-01', NULL, 1, 18000.00, 100.00,  25.00,   0.00, 125.00, 'Satzung AOK PLUS § 18a Abs. 3'),
  ('18a-2022-04-01', '2022-04-01', NULL, 2, 24000.00, 150.00,  37.50,  75.00, 230.00, 'Satzung AOK PLUS § 18a Abs. 3'),
  ('18a-2022-04-01', '2022-04-01', NULL, 3, 30000.00, 250.00,  62.50, 125.00, 330.00, 'Satzung AOK PLUS § 18a Abs. 3'),
  ('18a-2022-04-01', '2022-04-01', NULL, 4, 36000.00, 350.00,  87.50, 175.00, 440.00, 'Satzung AOK PLUS § 18a Abs. 3'),
  ('18a-2022-04-01', '2022-04-01', NULL, 5, 50850.00, 450.00, 112.50, 225.00, 550.00, 'Satzung AOK PLUS § 18a Abs. 3'),
  ('18a-2022-04-01', '2022-04-01', NULL, 6, NULL,     600.00, 150.00, 300.00, 720.00, 'Satzung AOK PLUS § 18a Abs. 3');

-- § 53 Abs. 8 SGB V: premiums of optional tariffs at most 20 % of the member's own
-- contributions, at most 600 EUR a year (the law in force since 2007; no earlier year is settled).
INSERT INTO param_value (name, version, valid_from, valid_to, value, source) VALUES
  ('premium_cap_rate', 'SGB V § 53 Abs. 8', '2007-04-01', NULL, '0.20',   '§ 53 Abs. 8 Satz 4 SGB V'),
  ('premium_cap_max',  'SGB V § 53 Abs. 8', '2007-04-01', NULL, '600.00', '§ 53 Abs. 8 Satz 4 SGB V');
