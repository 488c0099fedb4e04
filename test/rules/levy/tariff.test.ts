/** § 39 Abs. 2: tariff resolution, deadlines, carry-over, default, late elections, rate changes. */
import { describe, expect, it } from 'vitest';
import { yearElectionDeadline } from '../../../jobs/levy/decisions.ts';
import { computeEmployer } from '../../../jobs/levy/rules.ts';
import { resolveTariff } from '../../../jobs/levy/tariff.ts';
import type { Election, Tariff } from '../../../jobs/levy/types.ts';
import { employerFacts, employment, pay } from '../fixtures/levy-facts.ts';
import { LEVY_PARAMS, LEVY_PARAMS_JULY_CHANGE, LEVY_PARAMS_MID_MONTH_CHANGE } from '../fixtures/levy-params.ts';

const Y = 2025;
const election = (tariff: Tariff, receivedOn: string): Election => ({ tariff, receivedOn });

function tariffRow(opts: Parameters<typeof employerFacts>[0], params = LEVY_PARAMS) {
  return computeEmployer(employerFacts(opts), Y, params).tariff;
}

describe('deadline: the last day of February', () => {
  it('is 29 February in a leap year, 28 February in a common year', () => {
    expect(yearElectionDeadline(2024)).toBe('2024-02-29');
    expect(yearElectionDeadline(2025)).toBe('2025-02-28');
  });

  it('leap year 2024: an election received on 29 February is in time', () => {
    const employer = employerFacts().employer;
    expect(resolveTariff(employer, [election('50', '2024-02-29')], '65', 2024, [])).toEqual({
      segments: [{ from: '2024-01-01', tariff: '50' }],
      reasons: [],
    });
    expect(resolveTariff(employer, [election('50', '2024-03-01')], '65', 2024, [])).toEqual({
      segments: [{ from: '2024-01-01', tariff: '65' }],
      reasons: ['ELECTION_LATE'],
    });
  });

  it('common year 2025: 28 February is in time, 1 March is late (ELECTION_LATE, carry-over)', () => {
    expect(tariffRow({ elections: [election('50', '2025-02-28')] })).toEqual({
      employerId: '09912342',
      year: 2025,
      tariff: '50',
      segments: '2025-01-01:50',
      reasons: [],
    });
    expect(tariffRow({ elections: [election('50', '2025-03-01')] })).toMatchObject({
      tariff: '65',
      segments: '2025-01-01:65',
      reasons: ['ELECTION_LATE'],
    });
  });

  it('an election for Y received in December Y−1 counts; of several in time the latest received wins', () => {
    expect(tariffRow({ elections: [election('50', '2024-12-15')] })).toMatchObject({ tariff: '50', reasons: [] });
    expect(
      tariffRow({
        elections: [election('65', '2025-02-10'), election('50', '2024-12-15')],
        history: { previousTariff: '50', participates: true },
      }),
    ).toMatchObject({ tariff: '65' });
  });

  it('ELECTION_LATE is reported once, however many late elections', () => {
    expect(
      tariffRow({ elections: [election('50', '2025-03-01'), election('50', '2025-05-10'), election('65', '2025-02-01')] }),
    ).toMatchObject({
      tariff: '65',
      reasons: ['ELECTION_LATE'],
    });
  });

  it('two elections received on the same day are an import error', () => {
    expect(() => tariffRow({ elections: [election('50', '2025-02-01'), election('65', '2025-02-01')] })).toThrow(
      /two elections received on 2025-02-01/,
    );
  });
});

describe('carry-over and default', () => {
  it('no election: the tariff of Y−1 (elected or assigned)', () => {
    expect(tariffRow({ history: { previousTariff: '50', participates: true } })).toMatchObject({
      tariff: '50',
      segments: '2025-01-01:50',
      reasons: [],
    });
  });

  it('no tariff known at all → Tarif 65, TARIFF_DEFAULTED', () => {
    expect(tariffRow({ history: { previousTariff: null, participates: true } })).toMatchObject({
      tariff: '65',
      reasons: ['TARIFF_DEFAULTED'],
    });
    expect(tariffRow({ history: { previousTariff: null, participates: true }, elections: [election('50', '2025-04-01')] })).toMatchObject({
      tariff: '65',
      reasons: ['TARIFF_DEFAULTED', 'ELECTION_LATE'],
    });
  });
});

describe('new accounts: six weeks after the opening', () => {
  const opened = { accountOpenedOn: '2025-05-05' };
  it('day 42 after the opening is in time, day 43 is late → Tarif 65 (assigned, not defaulted)', () => {
    expect(
      tariffRow({ employer: opened, history: { previousTariff: null, participates: true }, elections: [election('50', '2025-06-16')] }),
    ).toMatchObject({
      tariff: '50',
      segments: '2025-01-01:50',
      reasons: [],
    });
    expect(
      tariffRow({ employer: opened, history: { previousTariff: null, participates: true }, elections: [election('50', '2025-06-17')] }),
    ).toMatchObject({
      tariff: '65',
      reasons: ['ELECTION_LATE'],
    });
    expect(tariffRow({ employer: opened, history: { previousTariff: null, participates: true } })).toMatchObject({
      tariff: '65',
      reasons: [],
    });
  });

  it('an account opened on 1 January Y is a new account of Y (no carry-over)', () => {
    expect(tariffRow({ employer: { accountOpenedOn: '2025-01-01' }, history: { previousTariff: '50', participates: true } })).toMatchObject(
      { tariff: '65', reasons: [] },
    );
    expect(tariffRow({ employer: { accountOpenedOn: '2025-01-01' }, elections: [election('50', '2025-02-12')] })).toMatchObject({
      tariff: '50',
    });
  });

  it('exempt employers and employers that do not exist in Y have no u1_tariffs row', () => {
    expect(tariffRow({ employer: { u1Exempt: true } })).toBeNull();
    expect(tariffRow({ employer: { aagExempt: true } })).toBeNull();
    expect(tariffRow({ employer: { accountOpenedOn: '2026-02-01', expectedHeadcount: 5 } })).toBeNull();
    expect(tariffRow({ employer: { closedOn: '2024-12-31' } })).toBeNull();
  });
});

describe('rate change during Y (§ 39 Abs. 2 Nr. 4)', () => {
  const facts = (receivedOn: string) =>
    employerFacts({
      elections: [election('50', receivedOn)],
      employments: [employment('E1')],
      payMonths: [pay('E1', '2025-06', '3000.00'), pay('E1', '2025-07', '3000.00')],
    });

  it('an election received by the end of the month after the change applies from the change', () => {
    const result = computeEmployer(facts('2025-08-31'), Y, LEVY_PARAMS_JULY_CHANGE);
    expect(result.tariff).toEqual({
      employerId: '09912342',
      year: 2025,
      tariff: '65',
      segments: '2025-01-01:65;2025-07-01:50',
      reasons: [],
    });
    // each month uses the tariff and the rates in force on its first day
    expect(result.levyMonths.find((r) => r.month === '2025-06')).toMatchObject({ u1Tariff: '65', u1Rate: '0.0295', u1Levy: '88.50' });
    expect(result.levyMonths.find((r) => r.month === '2025-07')).toMatchObject({ u1Tariff: '50', u1Rate: '0.02', u1Levy: '60.00' });
  });

  it('received on 1 September it is late', () => {
    expect(computeEmployer(facts('2025-09-01'), Y, LEVY_PARAMS_JULY_CHANGE).tariff).toMatchObject({
      segments: '2025-01-01:65',
      reasons: ['ELECTION_LATE'],
    });
  });

  it('without a change in Y the same election is late', () => {
    expect(computeEmployer(facts('2025-08-31'), Y, LEVY_PARAMS).tariff).toMatchObject({
      segments: '2025-01-01:65',
      reasons: ['ELECTION_LATE'],
    });
  });

  it('claims use the reimbursement rate of the tariff in force on period_from', () => {
    const result = computeEmployer(
      employerFacts({
        elections: [election('50', '2025-07-20')],
        employments: [employment('E1')],
        claims: [
          {
            claimId: 'C1',
            employeeId: 'E1',
            kind: 'u1_sickness',
            periodFrom: '2025-06-30',
            periodTo: '2025-07-02',
            continuedPay: '300.00',
            employerContributions: null,
          },
          {
            claimId: 'C2',
            employeeId: 'E1',
            kind: 'u1_sickness',
            periodFrom: '2025-07-10',
            periodTo: '2025-07-12',
            continuedPay: '300.00',
            employerContributions: null,
          },
        ],
      }),
      Y,
      LEVY_PARAMS_JULY_CHANGE,
    );
    expect(result.reimbursements.map((r) => [r.rate, r.reimbursement])).toEqual([
      ['0.65', '195.00'],
      ['0.5', '150.00'],
    ]);
  });

  it('a rate change in the middle of a month stops the run', () => {
    expect(() => computeEmployer(facts('2025-02-01'), Y, LEVY_PARAMS_MID_MONTH_CHANGE)).toThrow(
      /changes on 2025-07-15, in the middle of a month/,
    );
  });
});
