/** Satzung § 39: reimbursements of the claims of Y, every claim reason and their order. */
import { describe, expect, it } from 'vitest';
import { computeEmployer } from '../../../jobs/levy/rules.ts';
import { claim, employerFacts, employment } from '../fixtures/levy-facts.ts';
import { LEVY_PARAMS } from '../fixtures/levy-params.ts';

const Y = 2025;
const claimsOf = (opts: Parameters<typeof employerFacts>[0]) =>
  computeEmployer(employerFacts({ employments: [employment('E1'), employment('X', { insured: false })], ...opts }), Y, LEVY_PARAMS)
    .reimbursements;
const brief = (rows: ReturnType<typeof claimsOf>) =>
  rows.map((r) => [r.claimId, r.decision, r.reason, r.rate, r.cappedPay, r.reimbursement]);

describe('U1 amounts', () => {
  it('ceiling per calendar day of the period: a 31-day claim may exceed one month’s ceiling', () => {
    // min(9,000, 8,050 / 30 × 31 = 8,318.33…) × 65 % = 5,406.9166… → 5,406.92
    expect(claimsOf({ claims: [claim('C1', 'E1', 'u1_sickness', '2025-01-01', '2025-01-31', '9000.00')] })[0]).toMatchObject({
      days: 31,
      eligiblePay: '9000.00',
      cappedPay: '8318.33',
      rate: '0.65',
      reimbursement: '5406.92',
      decision: 'approved',
      reason: null,
    });
  });

  it('six weeks: 42 days are approved, 43 are held (EXCEEDS_SIX_WEEKS) with their computed amounts', () => {
    const rows = claimsOf({
      claims: [
        claim('C1', 'E1', 'u1_sickness', '2025-03-01', '2025-04-11', '4000.00'),
        claim('C2', 'E1', 'u1_rehab', '2025-03-01', '2025-04-12', '4000.00'),
      ],
    });
    expect(rows.map((r) => r.days)).toEqual([42, 43]);
    expect(brief(rows)).toEqual([
      ['C1', 'approved', null, '0.65', '4000.00', '2600.00'],
      ['C2', 'held', 'EXCEEDS_SIX_WEEKS', '0.65', '4000.00', '2600.00'],
    ]);
  });

  it('only claims with period_from in Y', () => {
    expect(claimsOf({ claims: [claim('C0', 'E1', 'u1_sickness', '2024-12-20', '2025-01-05', '1000.00')] })).toEqual([]);
  });
});

describe('U2 amounts: 100 %, no ceiling, no six-weeks hold', () => {
  it('maternity subsidy: capped_pay = eligible_pay, rate 1', () => {
    expect(brief(claimsOf({ claims: [claim('C1', 'E1', 'u2_maternity_subsidy', '2025-02-01', '2025-05-10', '12000.55')] }))).toEqual([
      ['C1', 'approved', null, '1', '12000.55', '12000.55'],
    ]);
  });

  it('employment ban: eligible pay = continued pay + employer contributions', () => {
    expect(
      claimsOf({ claims: [claim('C1', 'E1', 'u2_employment_ban', '2025-02-01', '2025-04-30', '9000.00', '1890.25')] })[0],
    ).toMatchObject({
      days: 89,
      eligiblePay: '10890.25',
      cappedPay: '10890.25',
      rate: '1',
      reimbursement: '10890.25',
      decision: 'approved',
    });
  });
});

describe('claim reasons', () => {
  it('NOT_INSURED_WITH_FUND: employee insured elsewhere, or no employment on period_from (rejected: no rate, 0.00)', () => {
    const rows = claimsOf({
      claims: [
        claim('C1', 'X', 'u1_sickness', '2025-03-01', '2025-03-05', '500.00'),
        claim('C2', 'NOBODY', 'u2_maternity_subsidy', '2025-03-01', '2025-03-05', '500.00'),
      ],
    });
    expect(rows[0]).toEqual({
      claimId: 'C1',
      employerId: '09912342',
      kind: 'u1_sickness',
      days: 5,
      eligiblePay: '500.00',
      cappedPay: '0.00',
      rate: null,
      reimbursement: '0.00',
      decision: 'rejected',
      reason: 'NOT_INSURED_WITH_FUND',
    });
    expect(rows[1]).toMatchObject({ decision: 'rejected', reason: 'NOT_INSURED_WITH_FUND' });
  });

  it('HISTORY_MISSING: U1 claims held with their computed amounts; U2 claims unaffected', () => {
    const rows = claimsOf({
      history: { previousTariff: '50', participates: null },
      claims: [
        claim('C1', 'E1', 'u1_sickness', '2025-05-05', '2025-05-18', '5000.00'),
        claim('C2', 'E1', 'u2_maternity_subsidy', '2025-06-01', '2025-06-30', '800.00'),
      ],
    });
    expect(brief(rows)).toEqual([
      ['C1', 'held', 'HISTORY_MISSING', '0.5', '3756.67', '1878.33'],
      ['C2', 'approved', null, '1', '800.00', '800.00'],
    ]);
  });

  it('a rejected claim shows days and eligible_pay as computed, rate empty, capped_pay and reimbursement 0.00 (Decision 2026-12)', () => {
    // 14 days, continued pay 5,000 (above the cap of 3,756.67): eligible_pay stays the uncapped 5,000.00
    const [row] = claimsOf({
      history: { previousTariff: '50', participates: false },
      claims: [claim('C1', 'E1', 'u1_sickness', '2025-05-05', '2025-05-18', '5000.00')],
    });
    expect(row).toEqual({
      claimId: 'C1',
      employerId: '09912342',
      kind: 'u1_sickness',
      days: 14,
      eligiblePay: '5000.00',
      cappedPay: '0.00',
      rate: null,
      reimbursement: '0.00',
      decision: 'rejected',
      reason: 'NOT_IN_U1',
    });
  });

  it('NOT_IN_U1: employer not taking part in U1 in Y (also u1_exempt)', () => {
    for (const opts of [{ history: { previousTariff: '65' as const, participates: false } }, { employer: { u1Exempt: true } }]) {
      expect(brief(claimsOf({ ...opts, claims: [claim('C1', 'E1', 'u1_sickness', '2025-03-01', '2025-03-05', '500.00')] }))).toEqual([
        ['C1', 'rejected', 'NOT_IN_U1', null, '0.00', '0.00'],
      ]);
    }
  });

  it('NOT_IN_U2 (and NOT_IN_U1): aag_exempt employers', () => {
    const rows = claimsOf({
      employer: { aagExempt: true },
      claims: [
        claim('C1', 'E1', 'u2_employment_ban', '2025-03-01', '2025-03-05', '500.00', '100.00'),
        claim('C2', 'E1', 'u1_sickness', '2025-04-01', '2025-04-05', '500.00'),
      ],
    });
    expect(rows.map((r) => [r.claimId, r.decision, r.reason, r.eligiblePay])).toEqual([
      ['C1', 'rejected', 'NOT_IN_U2', '600.00'],
      ['C2', 'rejected', 'NOT_IN_U1', '500.00'],
    ]);
  });

  it('OVERLAP: same employee and kind as an approved claim, claims taken in claim_id order (C10 before C9)', () => {
    const rows = claimsOf({
      claims: [
        claim('C9', 'E1', 'u1_sickness', '2025-03-05', '2025-03-12', '800.00'),
        claim('C10', 'E1', 'u1_sickness', '2025-03-01', '2025-03-05', '500.00'),
        claim('C11', 'E1', 'u1_rehab', '2025-03-01', '2025-03-05', '500.00'), // other kind: no overlap
        claim('C12', 'E1', 'u1_sickness', '2025-03-06', '2025-03-10', '500.00'), // after C10: fine
      ],
    });
    expect(brief(rows)).toEqual([
      ['C10', 'approved', null, '0.65', '500.00', '325.00'],
      ['C11', 'approved', null, '0.65', '500.00', '325.00'],
      ['C12', 'approved', null, '0.65', '500.00', '325.00'],
      ['C9', 'rejected', 'OVERLAP', null, '0.00', '0.00'],
    ]);
  });

  it('a held claim does not block an overlapping one', () => {
    const rows = claimsOf({
      claims: [
        claim('C1', 'E1', 'u1_sickness', '2025-03-01', '2025-04-30', '8000.00'),
        claim('C2', 'E1', 'u1_sickness', '2025-04-01', '2025-04-10', '1000.00'),
      ],
    });
    expect(rows.map((r) => [r.decision, r.reason])).toEqual([
      ['held', 'EXCEEDS_SIX_WEEKS'],
      ['approved', null],
    ]);
  });

  it('one reason per claim, in order: NOT_INSURED_WITH_FUND > HISTORY_MISSING > NOT_IN_U1 > OVERLAP > EXCEEDS_SIX_WEEKS', () => {
    const long = (id: string, employee = 'E1') => claim(id, employee, 'u1_sickness', '2025-03-01', '2025-04-30', '8000.00');
    expect(claimsOf({ history: { previousTariff: '65', participates: null }, claims: [long('C1', 'X')] })[0]!.reason).toBe(
      'NOT_INSURED_WITH_FUND',
    );
    expect(claimsOf({ history: { previousTariff: '65', participates: null }, claims: [long('C1')] })[0]!.reason).toBe('HISTORY_MISSING');
    expect(claimsOf({ history: { previousTariff: '65', participates: false }, claims: [long('C1')] })[0]!.reason).toBe('NOT_IN_U1');
    const overlapping = claimsOf({ claims: [claim('C1', 'E1', 'u1_sickness', '2025-03-01', '2025-03-10', '800.00'), long('C2')] });
    expect(overlapping[1]!.reason).toBe('OVERLAP');
    expect(claimsOf({ claims: [long('C1')] })[0]!.reason).toBe('EXCEEDS_SIX_WEEKS');
  });
});
