/**
 * The worked examples of the spec as scenarios, one file per job: `facts` are the input rows the
 * example needs (by contract file, columns by name, values as the CSV carries them), `expected`
 * the rows its exports must hold (by export; the key columns and the columns the example
 * decides). The rule tests run them through the rules (test/rules/*\/examples.test.ts), the
 * generator writes their facts into every data set, and test/e2e/scenarios.test.ts finds every
 * expected row in the exports of a generated data set. All are for the year SCENARIO_YEAR.
 */
import type { Scenario } from './scenario.ts';
import { BONUS_SCENARIOS } from './bonus-crediting.ts';
import { LEVY_SCENARIOS } from './levy.ts';
import { NORDOST_SCENARIOS } from './nordost-bonus-plan.ts';
import { TARIFF_SCENARIOS } from './tariff-settlement.ts';

export { SCENARIO_YEAR, type Row, type Scenario } from './scenario.ts';
export { BONUS_SCENARIOS, LEVY_SCENARIOS, NORDOST_SCENARIOS, TARIFF_SCENARIOS };

/** The scenarios of the member files (§ 18a, § 19a, AOK Nordost bonus plan) and of the U1/U2 files. */
export const MEMBER_SCENARIOS: readonly Scenario[] = [...TARIFF_SCENARIOS, ...BONUS_SCENARIOS, ...NORDOST_SCENARIOS];
export const EMPLOYER_SCENARIOS: readonly Scenario[] = LEVY_SCENARIOS;
