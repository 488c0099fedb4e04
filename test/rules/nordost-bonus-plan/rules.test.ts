/**
 * The AOK Nordost bonus plan's rules beyond the worked examples: hospital days (transfer,
 * excluded categories, a stay from Y−1), the proofs' order of checks, where the Y−1 claim-free
 * months come from, the decision of 2026-12 and the holds.
 */
import { describe, expect, it } from 'vitest';
import { settleNordostMember } from '../../../jobs/nordost-bonus-plan/rules.ts';
import type { HealthProof, NordostFacts } from '../../../jobs/nordost-bonus-plan/types.ts';
import type { InpatientStay } from '../../../jobs/tariff-settlement/types.ts';
import { NORDOST_PARAMS } from '../fixtures/nordost-params.ts';

const Y = 2025;

/** Class 2 since 2024-01-01, income of class 2, contributions 4,000.00, nothing else. */
function facts(more: Partial<NordostFacts> = {}): NordostFacts {
  return {
    memberId: 'X000000001',
    diedOn: null,
    memberships: [{ validFrom: '2000-01-01', validTo: null, kind: 'mandatory' }],
    thirdPartyPeriods: [],
    income: { contributoryIncome: '30000.00', memberContributions: '4000.00' },
    declarations: [{ declarationId: 'D1', kind: 'enrol', receivedOn: '2023-12-10', declaredClass: 2 }],
    outpatientTreatments: [],
    inpatientStays: [],
    proofs: [],
    previousRun: null,
    history: [{ year: 2024, participationStart: '2024-01-01', claimFreeMonths: 12 }],
    ...more,
  };
}

const settle = (f: NordostFacts) => settleNordostMember(f, Y, NORDOST_PARAMS);
const stay = (
  claimId: string,
  admittedOn: string,
  dischargedOn: string,
  category: InpatientStay['category'] = 'regular',
): InpatientStay => ({
  claimId,
  admittedOn,
  dischargedOn,
  category,
});
const proof = (proofId: string, performedOn: string, receivedOn: string): HealthProof => ({
  proofId,
  path: 'fitness_test',
  performedOn,
  receivedOn,
});

describe('hospital days', () => {
  it('a transfer day covered by two stays counts once (1–5 March and 5–8 March: 8 days)', () => {
    const row = settle(facts({ inpatientStays: [stay('S1', `${Y}-03-01`, `${Y}-03-05`), stay('S2', `${Y}-03-05`, `${Y}-03-08`)] })).row!;
    expect(row).toMatchObject({ inpatientDays: 8, eventsAmount: '220.00', copay: '220.00', claimFreeMonths: 9 });
  });

  it('a day of a regular stay and a pregnancy stay is one hospital day; pregnancy-only days are none', () => {
    const row = settle(
      facts({ inpatientStays: [stay('S1', `${Y}-04-01`, `${Y}-04-03`), stay('S2', `${Y}-04-03`, `${Y}-04-06`, 'pregnancy')] }),
    ).row!;
    expect(row).toMatchObject({ inpatientDays: 3, eventsAmount: '82.50' });
  });

  it('a stay admitted in Y−1 counts with its days in Y only; the last event month sets the claim-free months', () => {
    const row = settle(facts({ inpatientStays: [stay('S1', `${Y - 1}-12-28`, `${Y}-01-03`)] })).row!;
    expect(row).toMatchObject({ inpatientDays: 3, eventsAmount: '82.50', claimFreeMonths: 11 });
  });

  it('one visit per claim_id; a visit with prescription in an excluded category is none', () => {
    const visit = { claimId: 'O1', treatedOn: `${Y}-02-03`, withPrescription: true, category: 'regular' as const };
    const row = settle(facts({ outpatientTreatments: [visit, visit, { ...visit, claimId: 'O2', category: 'prevention' }] })).row!;
    expect(row).toMatchObject({ outpatientEvents: 1, eventsAmount: '27.50' });
  });
});

describe('health proofs', () => {
  it('late before outside participation; of two valid proofs the earliest is accepted, the other FREQUENCY_LIMIT', () => {
    const result = settle(
      facts({
        thirdPartyPeriods: [{ validFrom: `${Y}-07-01`, validTo: `${Y}-07-31` }],
        proofs: [
          proof('P1', `${Y}-07-10`, `${Y + 1}-04-01`), // late and on a resting day: LATE_SUBMISSION
          proof('P2', `${Y}-07-15`, `${Y}-08-01`), // resting day
          proof('P4', `${Y}-09-01`, `${Y + 1}-03-31`), // same day as P3, higher id
          proof('P3', `${Y}-09-01`, `${Y}-09-02`),
          proof('P5', `${Y}-10-01`, `${Y}-10-02`),
          proof('P6', `${Y - 1}-10-01`, `${Y - 1}-10-02`), // not performed in Y: not decided here
        ],
      }),
    );
    expect(result.proofs.map((p) => [p.proofId, p.decision, p.reason])).toEqual([
      ['P1', 'rejected', 'LATE_SUBMISSION'],
      ['P2', 'rejected', 'OUTSIDE_PARTICIPATION'],
      ['P3', 'accepted', null],
      ['P4', 'rejected', 'FREQUENCY_LIMIT'],
      ['P5', 'rejected', 'FREQUENCY_LIMIT'],
    ]);
    expect(result.row).toMatchObject({ healthProofId: 'P3', participationMonths: 11, healthBonus: '64.17' });
  });

  it('a member without participation in Y has no row, but the proofs of Y are decided', () => {
    const result = settle(facts({ declarations: [], proofs: [proof('P1', `${Y}-05-01`, `${Y}-05-02`)] }));
    expect(result.row).toBeNull();
    expect(result.proofs).toMatchObject([{ proofId: 'P1', decision: 'rejected', reason: 'OUTSIDE_PARTICIPATION' }]);
  });
});

describe('claim-free months of Y−1', () => {
  it('a Y−1 run row without a value counts as none: the history file is read', () => {
    const row = settle(facts({ previousRun: { year: Y - 1, participationStart: '2024-01-01', claimFreeMonths: null } })).row!;
    expect(row).toMatchObject({ claimFreeMonths: 24, claimFreeSource: 'history', reasons: [] });
  });

  it('a Y−1 run row of another participation is not used; without a history row → HISTORY_MISSING, held', () => {
    const row = settle(facts({ previousRun: { year: Y - 1, participationStart: '2020-01-01', claimFreeMonths: 40 }, history: [] })).row!;
    expect(row).toMatchObject({ claimFreeMonths: null, outcome: 'held', dueOn: null, reasons: ['HISTORY_MISSING'] });
  });

  it('an event in Y needs no history: never held for it', () => {
    const visit = { claimId: 'O1', treatedOn: `${Y}-09-03`, withPrescription: true, category: 'regular' as const };
    const row = settle(facts({ history: [], outpatientTreatments: [visit] })).row!;
    expect(row).toMatchObject({ claimFreeMonths: 3, reasons: [], outcome: 'payout' });
  });

  it('2026-12: every day of Y rests → a row with 0 months, no hold; the Y−1 value when known, else empty', () => {
    const resting = { thirdPartyPeriods: [{ validFrom: `${Y - 1}-06-01`, validTo: null }] };
    expect(settle(facts(resting)).row).toMatchObject({ participationMonths: 0, claimFreeMonths: 12, reasons: [], outcome: 'zero' });
    expect(settle(facts({ ...resting, history: [] })).row).toMatchObject({
      participationMonths: 0,
      claimFreeMonths: null,
      reasons: [],
      outcome: 'zero',
    });
  });

  it('2026-12: an earlier participation ending in Y gets no additional bonus and needs no history; the last one starts at 0', () => {
    const row = settle(
      facts({
        history: [],
        declarations: [
          { declarationId: 'D1', kind: 'enrol', receivedOn: '2021-12-10', declaredClass: 2 },
          { declarationId: 'D2', kind: 'hardship_cancel', receivedOn: `${Y}-02-10`, declaredClass: null },
          { declarationId: 'D3', kind: 'enrol', receivedOn: `${Y}-05-10`, declaredClass: 1 },
        ],
      }),
    ).row!;
    // Jan–Mar under the first (class 2), Jun–Dec under the second (class 1): (3 × 110 + 7 × 80) / 12 = 74.17.
    expect(row).toMatchObject({
      participationStart: `${Y}-06-01`,
      participationMonths: 10,
      classes: '2:01-03;1:06-12',
      basicBonus: '74.17',
      additionalBonus: '0.00',
      claimFreeMonths: 7,
      reasons: [],
    });
  });

  it('a participation ending in Y after 36 claim-free months gets the additional bonus pro rata', () => {
    const row = settle(
      facts({
        declarations: [
          { declarationId: 'D1', kind: 'enrol', receivedOn: '2021-12-10', declaredClass: 2 },
          { declarationId: 'D2', kind: 'hardship_cancel', receivedOn: `${Y}-02-10`, declaredClass: null },
        ],
        history: [{ year: Y - 1, participationStart: '2022-01-01', claimFreeMonths: 36 }],
      }),
    ).row!;
    expect(row).toMatchObject({ participationMonths: 3, basicBonus: '27.50', additionalBonus: '45.00', claimFreeMonths: 39 });
  });

  it('an enrolment received in December Y starts in Y+1: no row for Y', () => {
    expect(
      settle(facts({ declarations: [{ declarationId: 'D1', kind: 'enrol', receivedOn: `${Y}-12-02`, declaredClass: 1 }] })).row,
    ).toBeNull();
  });
});

describe('holds', () => {
  it('contributions missing: held, cap empty, bonus paid at most 600.00', () => {
    const row = settle(facts({ income: { contributoryIncome: '30000.00', memberContributions: null } })).row!;
    expect(row).toMatchObject({ premiumCapStatutory: null, bonusPaid: '110.00', outcome: 'held', reasons: ['CONTRIBUTIONS_MISSING'] });
  });

  it('income missing: held, the declared class unreduced', () => {
    const row = settle(
      facts({ income: null, declarations: [{ declarationId: 'D1', kind: 'enrol', receivedOn: '2023-12-10', declaredClass: 3 }] }),
    ).row!;
    expect(row).toMatchObject({
      classes: '3:01-12',
      basicBonus: '230.00',
      admissibleClass: null,
      reasons: ['INCOME_MISSING', 'CONTRIBUTIONS_MISSING'],
    });
  });

  it('a month of Y without a class table stops the run, naming the month', () => {
    const params = { ...NORDOST_PARAMS, classTables: [{ ...NORDOST_PARAMS.classTables[0]!, validTo: `${Y}-10-31` }] };
    expect(() => settleNordostMember(facts(), Y, params)).toThrow(/2025-11/);
  });
});
