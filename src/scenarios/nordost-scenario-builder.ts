/**
 * Builds one worked example of rules-nordost-bonus-plan.md as a scenario (the examples are in
 * nordost-bonus-plan.ts): the member's input rows from a few facts, the expected export rows from
 * the example's figures. Defaults are the spec's "unless stated": born 1980, a mandatory member
 * since 2000, contributions 4,000.00, no health proof.
 */
import { scenarioMember, SCENARIO_YEAR as Y, type Row, type Scenario } from './scenario.ts';

type Category = 'regular' | 'pregnancy' | 'prevention' | 'contraception';

export interface Facts {
  /** contributory income of Y */
  income: string;
  contributions?: string;
  birthDate?: string;
  membershipFrom?: string;
  /** [kind, received_on, declared_class] in declaration_id order */
  declarations: [string, string, string | null][];
  /** [treated_on, with_prescription, category] */
  treatments?: [string, boolean, Category][];
  /** [admitted_on, discharged_on, category] */
  stays?: [string, string, Category][];
  thirdParty?: [string, string][];
  /** [path, performed_on, received_on] */
  proofs?: [string, string, string][];
  /** [year, participation_start, claim_free_months] */
  history?: [number, string, number][];
}

export interface Expected {
  row?: Row;
  /** [proof index (1-based), decision, reason] */
  proofs?: [number, string, string | null][];
}

export function nordostScenario(n: number, key: string, title: string, facts: Facts, expected: Expected): Scenario {
  const member_id = scenarioMember(40 + n);
  const proofId = (k: number) => `${key}-P${k}`;
  const proofs = facts.proofs ?? [];
  return {
    key,
    title,
    facts: {
      'members.csv': [{ member_id, birth_date: facts.birthDate ?? '1980-01-01', died_on: null }],
      'memberships.csv': [{ member_id, valid_from: facts.membershipFrom ?? '2000-01-01', valid_to: null, kind: 'mandatory' }],
      'annual_income.csv': [
        { member_id, year: String(Y), contributory_income: facts.income, member_contributions: facts.contributions ?? '4000.00' },
      ],
      'bonus_plan_declarations.csv': facts.declarations.map(([kind, received_on, declared_class], k) => ({
        declaration_id: `${key}-D${k + 1}`,
        member_id,
        kind,
        received_on,
        declared_class,
      })),
      'outpatient_treatments.csv': (facts.treatments ?? []).map(([treated_on, prescription, category], k) => ({
        claim_id: `${key}-O${k + 1}`,
        member_id,
        treated_on,
        with_prescription: String(prescription),
        category,
      })),
      'inpatient_stays.csv': (facts.stays ?? []).map(([admitted_on, discharged_on, category], k) => ({
        claim_id: `${key}-S${k + 1}`,
        member_id,
        admitted_on,
        discharged_on,
        category,
      })),
      'third_party_periods.csv': (facts.thirdParty ?? []).map(([valid_from, valid_to]) => ({ member_id, valid_from, valid_to })),
      'bonus_plan_health_proofs.csv': proofs.map(([path, performed_on, received_on], k) => ({
        proof_id: proofId(k + 1),
        member_id,
        path,
        performed_on,
        received_on,
      })),
      'bonus_plan_history.csv': (facts.history ?? []).map(([year, participation_start, months]) => ({
        member_id,
        year: String(year),
        participation_start,
        claim_free_months: String(months),
      })),
    },
    expected: {
      nordost_bonus_plan: expected.row ? [{ member_id, year: String(Y), ...expected.row }] : [],
      ...(expected.proofs
        ? {
            nordost_bonus_plan_proofs: expected.proofs.map(([k, decision, reason]) => ({
              proof_id: proofId(k),
              member_id,
              year: String(Y),
              path: proofs[k - 1]![0],
              performed_on: proofs[k - 1]![1],
              received_on: proofs[k - 1]![2],
              decision,
              reason,
            })),
          }
        : {}),
    },
  };
}

/** Contributory incomes inside the bands of classes 1–3 of the class table (valid from 2024-01-01). */
export const CLASS_1 = '15000.00';
export const CLASS_2 = '30000.00';
export const CLASS_3 = '50000.00';
/** Parts of expected rows that many examples share: paid out on 30 June Y+1, no events, no extras. */
export const payout = { outcome: 'payout', due_on: `${Y + 1}-06-30` };
export const none = { outpatient_events: '0', inpatient_days: '0', events_amount: '0.00', copay: '0.00' };
export const noExtras = { health_bonus: '0.00', additional_bonus: '0.00', health_proof_id: null, reasons: null };
