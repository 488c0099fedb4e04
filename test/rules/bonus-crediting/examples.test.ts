/**
 * Worked examples 1–8 of rules-19a-bonus.md (Y = 2025, deadline 31 March 2026): the scenarios of
 * src/scenarios/bonus-crediting.ts through the rules; the items and the account, as export rows,
 * hold the scenario's expected values.
 */
import { describe, it, expect } from 'vitest';
import { BONUS_ACCOUNT_COLUMNS, BONUS_ITEM_COLUMNS } from '../../../jobs/bonus-crediting/export.ts';
import { creditMember } from '../../../jobs/bonus-crediting/rules.ts';
import { BONUS_SCENARIOS, SCENARIO_YEAR as Y } from '../../../src/scenarios/index.ts';
import { BONUS_PARAMS } from '../fixtures/bonus-params.ts';
import { bonusFacts, exportRow, scenario } from '../fixtures/scenarios.ts';

/** Credits the example; its items (all of them, in any order) and its account are the expected rows. */
function credit(n: number) {
  const s = scenario(BONUS_SCENARIOS, `BONUS_EXAMPLE_${n}`);
  const result = creditMember(bonusFacts(s, Y), Y, BONUS_PARAMS);
  const items = result.items.map((i) => exportRow(i, BONUS_ITEM_COLUMNS));
  expect(items).toHaveLength(s.expected.bonus_items!.length);
  expect(items).toEqual(expect.arrayContaining(s.expected.bonus_items!.map((e) => expect.objectContaining(e))));
  expect(result.account).not.toBeNull();
  expect(exportRow(result.account!, BONUS_ACCOUNT_COLUMNS)).toMatchObject(s.expected.bonus_accounts![0]!);
  return { ...result, scenario: s };
}

describe('§ 19a worked examples', () => {
  it('every example has its items and its account to expect', () => {
    expect(BONUS_SCENARIOS.map((s) => s.key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `BONUS_EXAMPLE_${n}`));
    for (const s of BONUS_SCENARIOS) expect(s.expected.bonus_accounts, s.key).toHaveLength(1);
  });

  it('1: HEALTH_CHECKUP 500 + SPORTS_CLUB 1,000 credited, GYM_MEMBERSHIP received 1 April LATE_SUBMISSION', () => {
    // the expected account is complete: every column
    expect(Object.keys(credit(1).scenario.expected.bonus_accounts![0]!).sort()).toEqual([...BONUS_ACCOUNT_COLUMNS].sort());
  });

  it('2: child aged 12, two dental check-ups in the first half-year → both INCOMPLETE_SET, 0 points', () => {
    credit(2);
  });

  it('3: child aged 12, dental check-ups in both half-years → 2025-09-01 credited 500, 2025-02-10 merged', () => {
    credit(3);
  });

  it('4: two vaccinations 500 each; HEALTH_CHECKUP 05-01 credited, 06-01 FREQUENCY_LIMIT', () => {
    credit(4);
  });

  it('5: 20 March days + a second on 3 March + a short April one → 15 credited (750), 5 MONTHLY_LIMIT, 1 DAILY_LIMIT, 1 threshold', () => {
    const { items } = credit(5);
    const credited = items.filter((i) => i.decision === 'credited');
    expect(credited.map((i) => i.itemId)).toEqual(Array.from({ length: 15 }, (_, i) => `B5-M${String(i + 1).padStart(2, '0')}`));
    expect(credited.every((i) => i.points === 50 && i.itemType === 'activity')).toBe(true);
    expect(items.filter((i) => i.reason === 'MONTHLY_LIMIT').map((i) => i.itemId)).toEqual([
      'B5-M16',
      'B5-M17',
      'B5-M18',
      'B5-M19',
      'B5-M20',
    ]);
    expect(items).toHaveLength(22);
  });

  it('6: goals → G1 1,500; G2 GOAL_OVERLAP; G3 GOAL_TOO_LONG; G4 GOAL_BELOW_80_PERCENT', () => {
    credit(6);
  });

  it('7: opening 300 + 400 credited; cash 600 → 6.00, plus 100 points on 1.50 → 75 points, cash 500 INSUFFICIENT_BALANCE; closing 25', () => {
    const { items, scenario: s } = credit(7);
    expect(items.filter((i) => i.itemType === 'payout').map((i) => i.itemId)).toEqual(['B7-Q1', 'B7-Q2', 'B7-Q3']);
    expect(Object.keys(s.expected.bonus_accounts![0]!).sort()).toEqual([...BONUS_ACCOUNT_COLUMNS].sort());
  });

  it('8: § 18a participant from 2025-07-01 → VACCINATION in March credited, in August TARIFF_18A_OVERLAP', () => {
    credit(8);
  });
});
