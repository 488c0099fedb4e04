/**
 * Hand-built members written at the start of every data set: the worked examples A–G of
 * rules-18a-tariff.md and the edge cases of its rules. Their member ids depend only on their
 * position in this list (see `edgeCaseMembers` in index.ts), not on the seed; dates are relative
 * to the settlement year Y (≥ 2023). Unless said otherwise a case is a mandatory member since
 * 2010 who enrolled on 2022-03-15 (participation from 2022-04-01, i.e. all of Y) and whose
 * contributions (8 % of income) are large enough that the 20 % cap never bites.
 * Comments give the rule exercised and the expected § 18a outcome for Y.
 */
import { centsToMoney, emptyFacts, type DeclarationFact, type IncomeFact, type PersonFacts } from './model.ts';

export interface EdgeCase {
  /** short stable key, e.g. `EXAMPLE_A` */
  readonly key: string;
  /** the rule it exercises (rules-18a-tariff.md) */
  readonly rule: string;
  facts(year: number): PersonFacts;
}

const LONG_AGO_ENROL = '2022-03-15';

function moneyCents(money: string): number {
  const [euros, cents = '0'] = money.split('.');
  return Number(euros) * 100 + Number(cents.padEnd(2, '0'));
}

/** Income rows of Y−1 and Y with contributions of 8 % unless given. */
function incomes(y: number, income: string | null, contributions?: string | null): IncomeFact[] {
  const own = (cents: number) => centsToMoney(Math.round(cents * 0.08));
  const fallback = income === null ? '2000.00' : own(moneyCents(income));
  const ofY = contributions === undefined ? fallback : contributions;
  const previous = income ?? '30000.00';
  return [
    { year: y - 1, contributoryIncome: previous, memberContributions: own(moneyCents(previous)) },
    { year: y, contributoryIncome: income, memberContributions: ofY },
  ];
}

const enrol = (receivedOn: string, declaredClass: number): DeclarationFact => ({
  kind: 'enrol',
  receivedOn,
  declaredClass,
});
const change = (receivedOn: string, declaredClass: number): DeclarationFact => ({
  kind: 'class_change',
  receivedOn,
  declaredClass,
});
const cancel = (receivedOn: string): DeclarationFact => ({ kind: 'cancel', receivedOn, declaredClass: null });
const hardship = (receivedOn: string): DeclarationFact => ({
  kind: 'hardship_cancel',
  receivedOn,
  declaredClass: null,
});
const rx = (treatedOn: string, category: 'regular' | 'pregnancy' | 'prevention' | 'contraception' = 'regular') => ({
  treatedOn,
  withPrescription: true,
  category,
});
const stay = (admittedOn: string, dischargedOn: string, category: 'regular' | 'pregnancy' = 'regular') => ({
  admittedOn,
  dischargedOn,
  category,
});

/** The default case: member since 2010, enrolled long ago in `declaredClass`, income given. */
function participant(y: number, declaredClass: number, income: string | null, extra: Partial<PersonFacts> = {}): PersonFacts {
  return {
    ...emptyFacts('1975-05-15'),
    memberships: [{ validFrom: '2010-01-01', validTo: null, kind: 'mandatory' }],
    incomes: incomes(y, income),
    declarations: [enrol(LONG_AGO_ENROL, declaredClass)],
    ...extra,
  };
}

export const EDGE_CASES: readonly EdgeCase[] = [
  {
    // Worked example A: class 3 all year, 2 treatments with prescription + 1 stay →
    // premium 250.00, cap 330.00, events 250.00, balance 0.00 (zero).
    key: 'EXAMPLE_A',
    rule: 'worked example A (events below the cap, zero balance)',
    facts: (y) =>
      participant(y, 3, '27000.00', {
        outpatient: [rx(`${y}-03-10`), rx(`${y}-09-22`)],
        inpatient: [stay(`${y}-05-05`, `${y}-05-09`)],
      }),
  },
  {
    // Worked example B: enrolment received 10 Jan Y → participation from 1 Feb; premium 229.17,
    // cap 302.50, no claims → payout 229.17.
    key: 'EXAMPLE_B',
    rule: 'worked example B (start on the first of the month after receipt, twelfths)',
    facts: (y) => participant(y, 3, '27000.00', { declarations: [enrol(`${y}-01-10`, 3)] }),
  },
  {
    // Worked example C: class 6 all year, 6 treatments + 2 stays = 1500.00 → deductible capped at
    // 720.00, balance −120.00 (receivable).
    key: 'EXAMPLE_C',
    rule: 'worked example C (deductible cap, receivable)',
    facts: (y) =>
      participant(y, 6, '70000.00', {
        incomes: incomes(y, '70000.00', '5292.00'),
        outpatient: ['01-15', '02-20', '04-11', '06-03', '08-19', '10-07'].map((d) => rx(`${y}-${d}`)),
        inpatient: [stay(`${y}-03-02`, `${y}-03-06`), stay(`${y}-09-14`, `${y}-09-20`)],
      }),
  },
  {
    // Worked example D: income 35,000; class 2, change to 4 received in June → from July;
    // premium 250.00, cap 335.00, events 37.50 (March) + 87.50 (August) → payout 125.00.
    key: 'EXAMPLE_D',
    rule: 'worked example D (class change from the month after receipt)',
    facts: (y) =>
      participant(y, 2, '35000.00', {
        declarations: [enrol(LONG_AGO_ENROL, 2), change(`${y}-06-12`, 4)],
        outpatient: [rx(`${y}-03-18`), rx(`${y}-08-05`)],
      }),
  },
  {
    // Worked example E: declared 5, income 20,000 (admissible 2) → class 2 all year, payout
    // 150.00, CLASS_REDUCED.
    key: 'EXAMPLE_E',
    rule: 'worked example E (declared class above the admissible class → CLASS_REDUCED)',
    facts: (y) => participant(y, 5, '20000.00'),
  },
  {
    // Worked example F: class 1, member contributions 400.00 → premium min(100, 80.00) = 80.00,
    // one treatment 25.00 → payout 55.00, PREMIUM_CAPPED.
    key: 'EXAMPLE_F',
    rule: 'worked example F (§ 53 Abs. 8 statutory premium cap → PREMIUM_CAPPED)',
    facts: (y) => participant(y, 1, '15000.00', { incomes: incomes(y, '15000.00', '400.00'), outpatient: [rx(`${y}-06-06`)] }),
  },
  {
    // Worked example G: class 3; third parties bear contributions 10 Mar – 20 May; treatment on
    // 15 Apr (resting) → April has no participation day: 11 months, 229.17, no event → payout.
    key: 'EXAMPLE_G',
    rule: 'worked example G (resting while third parties bear contributions)',
    facts: (y) =>
      participant(y, 3, '27000.00', {
        incomes: incomes(y, '27000.00', '1800.00'),
        thirdPartyPeriods: [{ validFrom: `${y}-03-10`, validTo: `${y}-05-20` }],
        outpatient: [rx(`${y}-04-15`)],
      }),
  },
  {
    // A family-insured person enrols → NOT_A_MEMBER, no settlement row.
    key: 'FAMILY_INSURED_ENROLS',
    rule: 'family-insured persons cannot enrol (NOT_A_MEMBER)',
    facts: (y) => ({
      ...emptyFacts('2008-02-03'),
      memberships: [{ validFrom: '2008-02-03', validTo: null, kind: 'family' }],
      declarations: [enrol(`${y}-02-10`, 1)],
    }),
  },
  {
    // Third parties bear the contributions on the would-be start day (1 Mar) → enrolment
    // rejected, THIRD_PARTY_AT_ENROLMENT, no settlement row.
    key: 'THIRD_PARTY_AT_START',
    rule: 'no enrolment while third parties bear contributions on the start day (THIRD_PARTY_AT_ENROLMENT)',
    facts: (y) =>
      participant(y, 2, '22000.00', {
        incomes: incomes(y, '22000.00', '880.00'),
        thirdPartyPeriods: [{ validFrom: `${y}-01-01`, validTo: `${y}-06-30` }],
        declarations: [enrol(`${y}-02-20`, 2)],
      }),
  },
  {
    // A class change without any participation → DECLARATION_OUT_OF_ORDER, no row.
    key: 'CLASS_CHANGE_WITHOUT_PARTICIPATION',
    rule: 'class change without a running participation (DECLARATION_OUT_OF_ORDER)',
    facts: (y) => participant(y, 3, '27000.00', { declarations: [change(`${y}-04-10`, 3)] }),
  },
  {
    // An ordinary cancel without any participation → DECLARATION_OUT_OF_ORDER, no row.
    key: 'CANCEL_WITHOUT_PARTICIPATION',
    rule: 'cancel without a running participation (DECLARATION_OUT_OF_ORDER)',
    facts: (y) => participant(y, 3, '27000.00', { declarations: [cancel(`${y}-05-02`)] }),
  },
  {
    // A second enrolment while the first runs is ignored (DECLARATION_OUT_OF_ORDER); class 3
    // stays all year (income 40,000, admissible 5).
    key: 'ENROL_WHILE_RUNNING',
    rule: 'enrol while a participation runs (DECLARATION_OUT_OF_ORDER)',
    facts: (y) => participant(y, 3, '40000.00', { declarations: [enrol(LONG_AGO_ENROL, 3), enrol(`${y}-05-10`, 4)] }),
  },
  {
    // Enrolment received 5 Mar (start 1 Apr), hardship cancel received 20 Mar, before the start:
    // no participation at all, no row.
    key: 'HARDSHIP_CANCEL_BEFORE_START',
    rule: 'a hardship cancel received before the start day leaves no participation',
    facts: (y) => participant(y, 2, '22000.00', { declarations: [enrol(`${y}-03-05`, 2), hardship(`${y}-03-20`)] }),
  },
  {
    // Start 1 Jul Y−1, binding until 30 Jun Y+2; cancel received 15 Feb Y → ends 31 Dec Y+2:
    // all of Y participates (class 3, payout 250.00).
    key: 'CANCEL_WITHIN_BINDING',
    rule: 'ordinary cancel not before the end of the 3-year binding period',
    facts: (y) => participant(y, 3, '27000.00', { declarations: [enrol(`${y - 1}-06-10`, 3), cancel(`${y}-02-15`)] }),
  },
  {
    // Cancel received 30 Sep Y, the last day for the end of Y; binding (from 2022-04-01) over by
    // 31 Mar 2025 → ends 31 Dec Y for Y ≥ 2025 (for Y < 2025 it ends 31 Dec 2025).
    key: 'CANCEL_RECEIVED_30_SEPTEMBER',
    rule: 'ordinary cancel: three months notice to the end of the calendar year (received 30 Sep)',
    facts: (y) => participant(y, 3, '27000.00', { declarations: [enrol(LONG_AGO_ENROL, 3), cancel(`${y}-09-30`)] }),
  },
  {
    // Cancel received 1 Oct Y: too late for the end of Y → ends 31 Dec Y+1; all of Y participates.
    key: 'CANCEL_RECEIVED_1_OCTOBER',
    rule: 'ordinary cancel received after 30 Sep ends a year later',
    facts: (y) => participant(y, 3, '27000.00', { declarations: [enrol(LONG_AGO_ENROL, 3), cancel(`${y}-10-01`)] }),
  },
  {
    // Hardship cancel received 10 Jun → ends 31 Jul; re-enrolment received 5 Sep → class 2 from
    // 1 Oct with a new binding: months Jan–Jul class 3, Oct–Dec class 2 (`3:01-07;2:10-12`).
    key: 'HARDSHIP_CANCEL_AND_REENROL',
    rule: 'hardship cancel (end of the month after receipt) and re-enrolment',
    facts: (y) =>
      participant(y, 3, '27000.00', {
        declarations: [enrol(LONG_AGO_ENROL, 3), hardship(`${y}-06-10`), enrol(`${y}-09-05`, 2)],
      }),
  },
  {
    // Ordinary cancel (ends 31 Dec Y or later) and hardship cancel received 10 May (ends 30 Jun):
    // the earlier end holds → Jan–Jun, 6 months.
    key: 'TWO_CANCELLATIONS',
    rule: 'two cancellations: the earlier end holds',
    facts: (y) =>
      participant(y, 3, '27000.00', {
        declarations: [enrol(LONG_AGO_ENROL, 3), cancel(`${y}-03-01`), hardship(`${y}-05-10`)],
      }),
  },
  {
    // Enrolment (class 2) and class change (class 3) received on the same day: taken in
    // declaration_id order → class 3 from 1 Mar, 10 months.
    key: 'SAME_DAY_DECLARATIONS',
    rule: 'declarations of one day are taken in declaration_id order',
    facts: (y) => participant(y, 2, '27000.00', { declarations: [enrol(`${y}-02-10`, 2), change(`${y}-02-10`, 3)] }),
  },
  {
    // Enrolment received 20 Jan, own membership only from 1 Apr → participation from 1 Apr.
    key: 'ENROL_BEFORE_MEMBERSHIP',
    rule: 'participation starts not before the next own membership period',
    facts: (y) => ({
      ...participant(y, 2, '19000.00', { declarations: [enrol(`${y}-01-20`, 2)] }),
      memberships: [{ validFrom: `${y}-04-01`, validTo: null, kind: 'mandatory' }],
      incomes: [{ year: y, contributoryIncome: '19000.00', memberContributions: '1520.00' }],
    }),
  },
  {
    // Family-insured until 31 May, own membership from 1 Jun; enrolment received 10 Feb →
    // participation from 1 Jun (not NOT_A_MEMBER: an own membership follows).
    key: 'FAMILY_INSURED_THEN_MEMBER',
    rule: 'start is the start of the next own membership period; family periods are not own',
    facts: (y) => ({
      ...emptyFacts(`${y - 19}-08-20`),
      memberships: [
        { validFrom: `${y - 19}-08-20`, validTo: `${y}-05-31`, kind: 'family' },
        { validFrom: `${y}-06-01`, validTo: null, kind: 'mandatory' },
      ],
      incomes: [{ year: y, contributoryIncome: '9800.00', memberContributions: '784.00' }],
      declarations: [enrol(`${y}-02-10`, 1)],
    }),
  },
  {
    // Enrolment received 5 Dec Y → starts 1 Jan Y+1: no overlap with Y, no row.
    key: 'ENROL_IN_DECEMBER',
    rule: 'participation starting after Y gives no settlement row',
    facts: (y) => participant(y, 2, '22000.00', { declarations: [enrol(`${y}-12-05`, 2)] }),
  },
  {
    // Membership ends 31 Jan, next starts 1 Mar (= end + one month + 1 day): an interruption,
    // the tariff rests in February → 11 months.
    key: 'MEMBERSHIP_GAP_ONE_MONTH',
    rule: 'membership gap of at most one month: the tariff rests',
    facts: (y) =>
      participant(y, 3, '25000.00', {
        memberships: [
          { validFrom: '2010-01-01', validTo: `${y}-01-31`, kind: 'mandatory' },
          { validFrom: `${y}-03-01`, validTo: null, kind: 'mandatory' },
        ],
      }),
  },
  {
    // Membership ends 31 Jan, next starts 2 Mar (one day too late): the participation ends
    // with the membership on 31 Jan → 1 month.
    key: 'MEMBERSHIP_GAP_LONGER',
    rule: 'membership gap of more than one month ends the participation',
    facts: (y) =>
      participant(y, 3, '25000.00', {
        memberships: [
          { validFrom: '2010-01-01', validTo: `${y}-01-31`, kind: 'mandatory' },
          { validFrom: `${y}-03-02`, validTo: null, kind: 'mandatory' },
        ],
      }),
  },
  {
    // Membership ends 30 Sep Y (moves to another fund) → participation Jan–Sep, 9 months.
    key: 'MEMBERSHIP_ENDS_IN_Y',
    rule: 'participation ends with the last own membership period',
    facts: (y) =>
      participant(y, 1, '16000.00', {
        memberships: [{ validFrom: '2010-01-01', validTo: `${y}-09-30`, kind: 'mandatory' }],
      }),
  },
  {
    // Mandatory until 30 Jun, voluntary from 1 Jul: no gap, no rest → 12 months.
    key: 'MEMBERSHIP_KIND_SWITCH',
    rule: 'adjacent own membership periods of different kinds are no interruption',
    facts: (y) =>
      participant(y, 5, '45000.00', {
        memberships: [
          { validFrom: '2010-01-01', validTo: `${y}-06-30`, kind: 'mandatory' },
          { validFrom: `${y}-07-01`, validTo: null, kind: 'voluntary' },
        ],
      }),
  },
  {
    // Dies on 14 Aug Y: participation ends that day → 8 months (Aug has participation days).
    key: 'DIES_IN_Y',
    rule: 'died_on ends insurance, membership and participation',
    facts: (y) => ({
      ...participant(y, 1, '14000.00', { outpatient: [rx(`${y}-07-01`)] }),
      birthDate: '1941-11-02',
      diedOn: `${y}-08-14`,
      memberships: [{ validFrom: '2005-01-01', validTo: `${y}-08-14`, kind: 'mandatory' }],
    }),
  },
  {
    // Income exactly 18,000.00 is class 1: declared 2 → reduced to 1 (CLASS_REDUCED); the stay
    // under class 1 is an inpatient event of 0.00, the treatment 25.00.
    key: 'INCOME_18000_00',
    rule: 'income band upper bound is inclusive (18,000.00 → class 1); stay under class 1 = 0.00',
    facts: (y) => participant(y, 2, '18000.00', { outpatient: [rx(`${y}-02-02`)], inpatient: [stay(`${y}-10-10`, `${y}-10-12`)] }),
  },
  {
    // Income 18,000.50 is above 18,000 → class 2: declared 2 stays 2 (no CLASS_REDUCED).
    key: 'INCOME_18000_50',
    rule: 'income band: 18,000.50 is class 2',
    facts: (y) => participant(y, 2, '18000.50'),
  },
  {
    // Income exactly 50,850.00 is class 5: declared 6 → reduced to 5 (CLASS_REDUCED).
    key: 'INCOME_50850_00',
    rule: 'income band upper bound 50,850.00 → class 5',
    facts: (y) => participant(y, 6, '50850.00'),
  },
  {
    // Income 50,851.00 is class 6: declared 6 stays 6.
    key: 'INCOME_50851_00',
    rule: 'income band: 50,851.00 → class 6',
    facts: (y) => participant(y, 6, '50851.00'),
  },
  {
    // Bonus participation from 1 May Y overlaps tariff participation days → held,
    // BONUS_PROGRAMME_OVERLAP.
    key: 'BONUS_OVERLAP',
    rule: 'tariff and bonus programme cannot be combined (BONUS_PROGRAMME_OVERLAP)',
    facts: (y) => participant(y, 3, '27000.00', { bonusParticipations: [{ validFrom: `${y}-05-01`, validTo: null }] }),
  },
  {
    // Bonus participation 10 Mar – 20 Apr lies inside a third-party period 1 Mar – 30 Apr
    // (resting days only) → no overlap of participation days, not held; 10 months.
    key: 'BONUS_ON_RESTING_DAYS_ONLY',
    rule: 'bonus overlap compares participation days, not resting days',
    facts: (y) =>
      participant(y, 3, '27000.00', {
        thirdPartyPeriods: [{ validFrom: `${y}-03-01`, validTo: `${y}-04-30` }],
        bonusParticipations: [{ validFrom: `${y}-03-10`, validTo: `${y}-04-20` }],
      }),
  },
  {
    // Bonus participation ends 31 Mar 2022, the day before the tariff start → no overlap.
    key: 'BONUS_BEFORE_TARIFF',
    rule: 'bonus participation ending the day before the tariff start is no overlap',
    facts: (y) => participant(y, 3, '27000.00', { bonusParticipations: [{ validFrom: '2020-01-01', validTo: '2022-03-31' }] }),
  },
  {
    // Third parties bear the contributions from 1 Nov Y−1 to 28 Feb Y+1: every day of Y rests →
    // a row with 0 months and zero amounts; the treatment on a resting day is no event.
    key: 'EVERY_DAY_OF_Y_RESTS',
    rule: 'a member whose every day of Y rests gets a row with 0 months',
    facts: (y) =>
      participant(y, 1, '12000.00', {
        incomes: incomes(y, '12000.00', '0.00'),
        thirdPartyPeriods: [{ validFrom: `${y - 1}-11-01`, validTo: `${y + 1}-02-28` }],
        outpatient: [rx(`${y}-05-05`)],
      }),
  },
  {
    // Class 4, 40 treatments (30 with prescription) and 3 stays: deductible capped at 440.00,
    // premium 350.00 → receivable −90.00.
    key: 'RECEIVABLE_MANY_CLAIMS',
    rule: 'receivable: deductibles (capped) exceed the premium',
    facts: (y) =>
      participant(y, 4, '33000.00', {
        outpatient: Array.from({ length: 40 }, (_, i) => ({
          treatedOn: `${y}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
          withPrescription: i % 4 !== 3,
          category: 'regular' as const,
        })),
        inpatient: [stay(`${y}-02-10`, `${y}-02-14`), stay(`${y}-06-20`, `${y}-06-27`), stay(`${y}-11-03`, `${y}-11-05`)],
      }),
  },
  {
    // No annual_income row for Y (only Y−1): held, INCOME_MISSING and CONTRIBUTIONS_MISSING (no
    // row means both are unknown); declared class 4 used unreduced.
    key: 'INCOME_MISSING',
    rule: 'no income of Y → held (INCOME_MISSING)',
    facts: (y) => participant(y, 4, null, { incomes: incomes(y, '27000.00').filter((i) => i.year !== y) }),
  },
  {
    // annual_income row of Y with an empty contributory_income: held, INCOME_MISSING.
    key: 'INCOME_EMPTY',
    rule: 'empty contributory income of Y → held (INCOME_MISSING)',
    facts: (y) => participant(y, 3, null),
  },
  {
    // annual_income row of Y with empty member_contributions: held, CONTRIBUTIONS_MISSING,
    // premium_cap_statutory empty, premium_paid = min(premium, 600.00).
    key: 'CONTRIBUTIONS_MISSING',
    rule: 'no member contributions of Y → held (CONTRIBUTIONS_MISSING)',
    facts: (y) => participant(y, 3, '27000.00', { incomes: incomes(y, '27000.00', null) }),
  },
  {
    // Class 6, contributions 2,000.00 → cap 400.00 < premium 600.00: PREMIUM_CAPPED.
    key: 'PREMIUM_CAPPED_CLASS_6',
    rule: 'statutory premium cap 20 % of contributions (PREMIUM_CAPPED)',
    facts: (y) => participant(y, 6, '60000.00', { incomes: incomes(y, '60000.00', '2000.00') }),
  },
  {
    // Class 2 all year; only the two same-day regular treatments with prescription on 7 Jul are
    // events (2 × 37.50): not the ones outside Y, not pregnancy/prevention/contraception, not
    // the one without prescription, not the pregnancy stay or the stay admitted in Y−1.
    key: 'CLAIMS_NOT_COUNTED',
    rule: 'events: only Y, only with prescription, excluded categories, one event per claim_id',
    facts: (y) =>
      participant(y, 2, '22000.00', {
        outpatient: [
          rx(`${y - 1}-12-31`),
          rx(`${y}-03-03`, 'pregnancy'),
          rx(`${y}-04-04`, 'prevention'),
          rx(`${y}-05-05`, 'contraception'),
          { treatedOn: `${y}-06-06`, withPrescription: false, category: 'regular' },
          rx(`${y}-07-07`),
          rx(`${y}-07-07`),
          rx(`${y + 1}-01-01`),
        ],
        inpatient: [stay(`${y - 1}-12-28`, `${y}-01-03`), stay(`${y}-08-01`, `${y}-08-05`, 'pregnancy')],
      }),
  },
];
