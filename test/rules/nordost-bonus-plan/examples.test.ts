/**
 * Worked examples A–L and H2 of rules-nordost-bonus-plan.md: the scenarios of
 * src/scenarios/nordost-bonus-plan.ts (Y = 2025) through the rules. Every figure of the spec's
 * table is a column of the export row (bonuses, cap, events, co-payment cap, co-payment, balance,
 * claim-free months), so each row is compared whole; the proofs export rows likewise.
 */
import { describe, expect, it } from 'vitest';
import { NORDOST_BONUS_PLAN_COLUMNS, NORDOST_PROOF_COLUMNS } from '../../../jobs/nordost-bonus-plan/columns.ts';
import { settleNordostMember } from '../../../jobs/nordost-bonus-plan/rules.ts';
import type { ClaimFreeRecord } from '../../../jobs/nordost-bonus-plan/types.ts';
import { NORDOST_SCENARIOS } from '../../../src/scenarios/nordost-bonus-plan.ts';
import { SCENARIO_YEAR as Y } from '../../../src/scenarios/index.ts';
import { exportRow, nordostFacts, scenario } from '../fixtures/scenarios.ts';
import { NORDOST_PARAMS } from '../fixtures/nordost-params.ts';

function settle(key: string, previousRun: ClaimFreeRecord | null = null) {
  const s = scenario(NORDOST_SCENARIOS, key);
  const result = settleNordostMember(nordostFacts(s, Y, previousRun), Y, NORDOST_PARAMS);
  const expectedRows = s.expected.nordost_bonus_plan!;
  expect(result.row === null ? [] : [exportRow(result.row, NORDOST_BONUS_PLAN_COLUMNS)]).toEqual(expectedRows);
  expect(result.proofs.map((p) => exportRow(p, NORDOST_PROOF_COLUMNS))).toEqual(s.expected.nordost_bonus_plan_proofs ?? []);
  return result;
}

/** The scenario's member in 2026: the 2025 run's row as the previous run, an income for 2026, no history rows. */
function settle2026(key: string, income: string) {
  const s = scenario(NORDOST_SCENARIOS, key);
  const y2025 = settleNordostMember(nordostFacts(s, Y), Y, NORDOST_PARAMS).row!;
  const facts = {
    ...nordostFacts(s, Y + 1, { year: Y, participationStart: y2025.participationStart, claimFreeMonths: y2025.claimFreeMonths }),
    income: { contributoryIncome: income, memberContributions: '4000.00' },
    history: [],
  };
  return settleNordostMember(facts, Y + 1, NORDOST_PARAMS).row!;
}

describe('AOK Nordost bonus plan worked examples (Y = 2025)', () => {
  it('every example is a scenario with a full row of every export column, or none (H2)', () => {
    expect(NORDOST_SCENARIOS.map((s) => s.key.replace('NORDOST_EXAMPLE_', ''))).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
      'H2',
      'I',
      'J',
      'K',
      'L',
    ]);
    for (const s of NORDOST_SCENARIOS) {
      for (const row of s.expected.nordost_bonus_plan!)
        expect(Object.keys(row).sort(), s.key).toEqual([...NORDOST_BONUS_PLAN_COLUMNS].sort());
    }
  });

  it('A: class 3, 5 visits + 5 hospital days = 575.00 capped at 460.00; 230.00 + 70.00 − 460.00 = −160.00 receivable; 2 claim-free months', () => {
    expect(settle('NORDOST_EXAMPLE_A').row).toMatchObject({ reasons: [], claimFreeSource: 'none' });
  });

  it('B: 7 months of class 1: 46.67 + 40.83 = 87.50; prevention set before the start OUTSIDE_PARTICIPATION, sports badge received 10 Jan accepted; +67.50', () => {
    expect(settle('NORDOST_EXAMPLE_B').row).toMatchObject({ dueOn: `${Y + 1}-06-30` });
  });

  it('C: contributions 700.03 → cap round(140.006) = 140.01 lowers 150.00, PREMIUM_CAPPED; +120.01; 4 claim-free months', () => {
    expect(settle('NORDOST_EXAMPLE_C').row).toMatchObject({ reasons: ['PREMIUM_CAPPED'] });
  });

  it('D: 24 claim-free months at the end of 2024 (history file) + 12 = 36 → additional bonus 180.00 once; +290.00', () => {
    expect(settle('NORDOST_EXAMPLE_D').row).toMatchObject({ claimFreeSource: 'history' });
  });

  it('D: the same from the 2024 run, which wins over the history file', () => {
    expect(settle('NORDOST_EXAMPLE_D', { year: Y - 1, participationStart: '2023-01-01', claimFreeMonths: 24 }).row).toMatchObject({
      claimFreeSource: 'run',
      claimFreeMonths: 36,
    });
  });

  it('E: class 2 Jan–Jun, 3 from Jul; basic 170.00, health 70.00, additional 240.00 = 480.00; copay cap 340.00; 48 months', () => {
    expect(settle('NORDOST_EXAMPLE_E').row).toMatchObject({ reasons: [], admissibleClass: 3 });
  });

  it('F: 21 + 12 = 33 < 36 → no additional bonus, +230.00', () => {
    settle('NORDOST_EXAMPLE_F');
  });

  it('F in 2026, claim-free again: 33 + 12 = 45 → additional bonus 300.00', () => {
    expect(settle2026('NORDOST_EXAMPLE_F', '50000.00')).toMatchObject({
      claimFreeMonths: 45,
      additionalBonus: '300.00',
      basicBonus: '230.00',
      bonusTotal: '530.00',
      claimFreeSource: 'run',
    });
  });

  it('G: pregnancy stay, contraception, vaccination and a visit without prescription are no events; 80.00 + 70.00 = 150.00; 24 months', () => {
    expect(settle('NORDOST_EXAMPLE_G').row).toMatchObject({ copay: '0.00', claimFreeMonths: 24 });
  });

  it('H: May rests fully (11 months): 110 × 11 / 12 = 100.83, the 20 May visit is no event, cap 201.67; 12 + 11 = 23', () => {
    settle('NORDOST_EXAMPLE_H');
  });

  it('H2: enrolment while third parties bear the contributions on the start day → THIRD_PARTY_AT_ENROLMENT, no row', () => {
    const s = scenario(NORDOST_SCENARIOS, 'NORDOST_EXAMPLE_H2');
    expect(settle('NORDOST_EXAMPLE_H2').exceptions).toEqual([{ declarationId: `${s.key}-D1`, code: 'THIRD_PARTY_AT_ENROLMENT' }]);
  });

  it('I: hardship cancel ends 30 June; hospital days 28–30 June only: 3 × 57.50 = 172.50 (cap 230.00); 115.00 − 172.50 = −57.50; 0 months', () => {
    expect(settle('NORDOST_EXAMPLE_I').row).toMatchObject({ outcome: 'receivable' });
  });

  it('J: cancel received 15 Sep 2025 ends 31 Dec 2026 (binding to 2026-02-28); 22 + 12 = 34; +110.00', () => {
    settle('NORDOST_EXAMPLE_J');
  });

  it('J in 2026, claim-free: 34 + 12 = 46 → additional bonus 180.00 for its last year', () => {
    expect(settle2026('NORDOST_EXAMPLE_J', '30000.00')).toMatchObject({
      claimFreeMonths: 46,
      additionalBonus: '180.00',
      bonusTotal: '290.00',
      participationMonths: 12,
    });
  });

  it('K: declared class 3, income 30,000 → class 2 for the year, CLASS_REDUCED; started in 2025: 12 months', () => {
    expect(settle('NORDOST_EXAMPLE_K').row).toMatchObject({ admissibleClass: 2, claimFreeSource: 'none' });
  });

  it('L: started 2022, no 2024 run, no history row, no events → held HISTORY_MISSING, claim-free months empty, additional 0.00', () => {
    expect(settle('NORDOST_EXAMPLE_L').row).toMatchObject({ claimFreeSource: 'missing', claimFreeMonths: null, additionalBonus: '0.00' });
  });
});
