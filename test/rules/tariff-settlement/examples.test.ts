/**
 * Worked examples A–G of rules-18a-tariff.md: the scenarios of src/scenarios/tariff-settlement.ts
 * (settlement year 2025, participation from 1 Jan 2025 unless stated) through the rules; each
 * settlement's export row holds the scenario's expected values.
 */
import { describe, it, expect } from 'vitest';
import { TARIFF_SETTLEMENT_COLUMNS } from '../../../jobs/tariff-settlement/export.ts';
import { settleMember } from '../../../jobs/tariff-settlement/rules.ts';
import { SCENARIO_YEAR as Y, TARIFF_SCENARIOS } from '../../../src/scenarios/index.ts';
import { TARIFF_PARAMS } from '../fixtures/tariff-params.ts';
import { exportRow, scenario, tariffFacts } from '../fixtures/scenarios.ts';

/** The export keeps the contract's column names; the rules name the two caps apart (store.ts maps them the same way). */
const CAP_FIELDS = { cap_prorated: 'deductibleCapProrated', premium_cap_statutory: 'premiumCap' };

function settle(key: string) {
  const s = scenario(TARIFF_SCENARIOS, key);
  const { settlement } = settleMember(tariffFacts(s, Y), Y, TARIFF_PARAMS);
  expect(settlement).not.toBeNull();
  expect(exportRow(settlement!, TARIFF_SETTLEMENT_COLUMNS, CAP_FIELDS)).toMatchObject(s.expected.tariff_settlement![0]!);
  return settlement!;
}

describe('§ 18a worked examples', () => {
  it('every example has a settlement row to expect', () => {
    expect(TARIFF_SCENARIOS.map((s) => s.key.slice(-1))).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    for (const s of TARIFF_SCENARIOS) expect(s.expected.tariff_settlement, s.key).toHaveLength(1);
  });

  it('A: class 3 all year, 2 treatments with prescription and 1 stay → balance 0.00', () => {
    expect(settle('TARIFF_EXAMPLE_A')).toMatchObject({ reasons: [], admissibleClass: 3 });
  });

  it('B: class 3 from 1 Feb, no claims → 229.17 payout due 30 June of Y+1', () => {
    expect(settle('TARIFF_EXAMPLE_B')).toMatchObject({ dueOn: `${Y + 1}-06-30`, reasons: [] });
  });

  it('C: class 6 all year, 6 treatments and 2 stays → deductible capped at 720.00, −120.00 receivable', () => {
    expect(settle('TARIFF_EXAMPLE_C')).toMatchObject({ dueOn: null, reasons: [] });
  });

  it('D: income 35,000, class 2 Jan–Jun, class 4 from Jul (change received in June) → +125.00', () => {
    expect(settle('TARIFF_EXAMPLE_D')).toMatchObject({ reasons: [], admissibleClass: 4 });
  });

  it('E: declared class 5, income 20,000 (admissible 2) → reduced to class 2 for the year, CLASS_REDUCED', () => {
    expect(settle('TARIFF_EXAMPLE_E')).toMatchObject({ reasons: ['CLASS_REDUCED'], admissibleClass: 2 });
  });

  it('F: class 1, member contributions 400.00 → premium capped at 80.00, +55.00, PREMIUM_CAPPED', () => {
    expect(settle('TARIFF_EXAMPLE_F')).toMatchObject({ reasons: ['PREMIUM_CAPPED'] });
  });

  it('G: third parties bear contributions 10 Mar – 20 May → April rests fully; 15 Apr treatment is no event', () => {
    expect(settle('TARIFF_EXAMPLE_G')).toMatchObject({ reasons: [] });
  });
});
