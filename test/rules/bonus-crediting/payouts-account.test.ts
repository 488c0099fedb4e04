/** Payouts (Abs. 7), forfeiture on death (Abs. 10) and the account row; Y = 2025. */
import { describe, it, expect } from 'vitest';
import { creditMember } from '../../../jobs/bonus-crediting/rules.ts';
import type { BonusFacts, BonusItem } from '../../../jobs/bonus-crediting/types.ts';
import { BONUS_PARAMS } from '../fixtures/bonus-params.ts';
import { cash, facts, plus, proof } from '../fixtures/bonus-facts.ts';

const Y = 2025;

function run(overrides: Partial<BonusFacts>) {
  return creditMember(facts(overrides), Y, BONUS_PARAMS);
}
function decisions(items: BonusItem[]): Record<string, [string, number, string | null]> {
  return Object.fromEntries(items.map((i) => [i.itemId, [i.decision, i.points, i.reason]]));
}

describe('cash payouts', () => {
  it('BELOW_MINIMUM: under 500 points even with enough balance; exactly 500 is paid (5.00 EUR)', () => {
    const { items, account } = run({
      openingPoints: 1000,
      payoutRequests: [cash(499, { payoutId: 'Q1', requestedOn: '2025-05-01' }), cash(500, { payoutId: 'Q2', requestedOn: '2025-05-02' })],
    });
    expect(decisions(items)).toEqual({ Q1: ['rejected', 0, 'BELOW_MINIMUM'], Q2: ['paid', 500, null] });
    expect(account).toMatchObject({
      payoutPoints: 500,
      payoutCashEur: '5.00',
      closingPoints: 500,
      closingValueEur: '5.00',
      payoutEligible: true,
    });
  });

  it('BELOW_MINIMUM is checked before INSUFFICIENT_BALANCE; a request is paid whole or not at all', () => {
    const { items, account } = run({
      openingPoints: 700,
      payoutRequests: [cash(100, { payoutId: 'Q1' }), cash(800, { payoutId: 'Q2' })],
    });
    expect(decisions(items)).toEqual({ Q1: ['rejected', 0, 'BELOW_MINIMUM'], Q2: ['rejected', 0, 'INSUFFICIENT_BALANCE'] });
    expect(account).toMatchObject({ payoutPoints: 0, closingPoints: 700 });
  });

  it('the balance includes the points credited for Y; same requested_on → lower payout_id first', () => {
    const { items, account } = run({
      openingPoints: 200,
      proofs: [proof('SPORTS_CLUB', '2025-03-01')],
      payoutRequests: [cash(600, { payoutId: 'Q2', requestedOn: '2025-05-01' }), cash(1200, { payoutId: 'Q1', requestedOn: '2025-05-01' })],
    });
    expect(decisions(items.filter((i) => i.itemType === 'payout'))).toEqual({
      Q1: ['paid', 1200, null],
      Q2: ['rejected', 0, 'INSUFFICIENT_BALANCE'],
    });
    expect(account).toMatchObject({
      openingPoints: 200,
      credited65a1a: 1000,
      payoutPoints: 1200,
      payoutCashEur: '12.00',
      closingPoints: 0,
    });
  });
});

describe('PLUS payouts', () => {
  it('subsidy = min(points × 0.02, cost); points used = ceil(subsidy / 0.02); no 500 minimum', () => {
    const { items, account } = run({
      openingPoints: 1000,
      payoutRequests: [
        plus(100, '1.51', { payoutId: 'Q1', requestedOn: '2025-05-01' }), // 1.51 EUR → 75.5 → 76 points
        plus(10, '5.00', { payoutId: 'Q2', requestedOn: '2025-05-02' }), // 0.20 EUR, 10 points
        plus(300, '80.00', { payoutId: 'Q3', requestedOn: '2025-05-03' }), // 6.00 EUR, 300 points
      ],
    });
    expect(decisions(items)).toEqual({ Q1: ['paid', 76, null], Q2: ['paid', 10, null], Q3: ['paid', 300, null] });
    expect(account).toMatchObject({ payoutPoints: 386, payoutCashEur: '0.00', payoutPlusEur: '7.71', closingPoints: 614 });
  });

  it('PLUS_BEFORE_2023: a service taken on 31 Dec 2022; 1 Jan 2023 is fine', () => {
    const { items } = run({
      openingPoints: 1000,
      payoutRequests: [
        plus(100, '2.00', { payoutId: 'Q1', serviceOn: '2022-12-31', requestedOn: '2025-05-01' }),
        plus(100, '2.00', { payoutId: 'Q2', serviceOn: '2023-01-01', requestedOn: '2025-05-02' }),
      ],
    });
    expect(decisions(items)).toEqual({ Q1: ['rejected', 0, 'PLUS_BEFORE_2023'], Q2: ['paid', 100, null] });
  });

  it('DUPLICATE_PLUS_SERVICE: a receipt used by an earlier run, or paid earlier in this run', () => {
    const { items, account } = run({
      openingPoints: 1000,
      usedReceiptIds: ['R-OLD'],
      payoutRequests: [
        plus(50, '1.00', { payoutId: 'Q1', receiptId: 'R-OLD', requestedOn: '2025-05-01' }),
        plus(50, '1.00', { payoutId: 'Q2', receiptId: 'R-NEW', requestedOn: '2025-05-02' }),
        plus(50, '1.00', { payoutId: 'Q3', receiptId: 'R-NEW', requestedOn: '2025-05-03' }),
      ],
    });
    expect(decisions(items)).toEqual({
      Q1: ['rejected', 0, 'DUPLICATE_PLUS_SERVICE'],
      Q2: ['paid', 50, null],
      Q3: ['rejected', 0, 'DUPLICATE_PLUS_SERVICE'],
    });
    expect(account).toMatchObject({ payoutPlusEur: '1.00', closingPoints: 950 });
  });

  it('a request dated before the crediting still sees the points credited for Y', () => {
    const { items } = run({
      openingPoints: 40,
      proofs: [proof('HEALTH_CHECKUP', '2025-03-01')],
      payoutRequests: [
        plus(100, '2.00', { payoutId: 'Q1', receiptId: 'R1', requestedOn: '2025-02-01' }),
        plus(100, '2.00', { payoutId: 'Q2', receiptId: 'R1', requestedOn: '2025-06-01' }),
      ],
    });
    // payouts are settled after the crediting, whatever their date: Q1 sees 540 points and is paid
    expect(decisions(items.filter((i) => i.itemType === 'payout'))).toEqual({
      Q1: ['paid', 100, null],
      Q2: ['rejected', 0, 'DUPLICATE_PLUS_SERVICE'],
    });
  });

  it('a receipt whose request was rejected is not used up', () => {
    const poor = run({
      openingPoints: 60,
      payoutRequests: [
        plus(100, '2.00', { payoutId: 'Q1', receiptId: 'R1', requestedOn: '2025-02-01' }),
        plus(50, '2.00', { payoutId: 'Q2', receiptId: 'R1', requestedOn: '2025-06-01' }),
      ],
    });
    expect(decisions(poor.items)).toEqual({ Q1: ['rejected', 0, 'INSUFFICIENT_BALANCE'], Q2: ['paid', 50, null] });
  });

  it('INSUFFICIENT_BALANCE on the points used, not the points asked for; check order PLUS_BEFORE_2023 → DUPLICATE → INSUFFICIENT', () => {
    const { items } = run({
      openingPoints: 75,
      usedReceiptIds: ['R-OLD'],
      payoutRequests: [
        plus(100, '1.50', { payoutId: 'Q1', requestedOn: '2025-05-01' }), // uses 75 of 75
        plus(1000, '30.00', { payoutId: 'Q2', requestedOn: '2025-05-02', receiptId: 'R-OLD', serviceOn: '2022-06-01' }),
        plus(1000, '30.00', { payoutId: 'Q3', requestedOn: '2025-05-03', receiptId: 'R-OLD' }),
        plus(1, '0.02', { payoutId: 'Q4', requestedOn: '2025-05-04' }),
      ],
    });
    expect(decisions(items)).toEqual({
      Q1: ['paid', 75, null],
      Q2: ['rejected', 0, 'PLUS_BEFORE_2023'],
      Q3: ['rejected', 0, 'DUPLICATE_PLUS_SERVICE'],
      Q4: ['rejected', 0, 'INSUFFICIENT_BALANCE'],
    });
  });

  it('a plus request without a receipt is a data error', () => {
    expect(() => run({ openingPoints: 100, payoutRequests: [{ ...plus(10, '1.00'), receiptId: null }] })).toThrow(/receipt_id/);
  });
});

describe('requests settled by an earlier run', () => {
  it('are skipped entirely: no item, no points used', () => {
    const { items, account } = run({
      openingPoints: 600,
      payoutRequests: [cash(600, { payoutId: 'OLD', settledEarlier: true }), cash(500, { payoutId: 'NEW' })],
    });
    expect(decisions(items)).toEqual({ NEW: ['paid', 500, null] });
    expect(account).toMatchObject({ payoutPoints: 500, closingPoints: 100 });
  });

  it('a member whose only request was settled earlier and who has nothing else has no account', () => {
    const { items, account } = run({ participations: [], payoutRequests: [cash(600, { settledEarlier: true })] });
    expect(items).toEqual([]);
    expect(account).toBeNull();
  });
});

describe('died_on: claims cannot be inherited', () => {
  it('what is left after crediting and payouts is forfeited; closing 0, not payout-eligible', () => {
    const { items, account } = run({
      diedOn: '2025-08-31',
      openingPoints: 200,
      proofs: [proof('HEALTH_CHECKUP', '2025-03-01', { proofId: 'P1' }), proof('SKIN_CHECK', '2025-09-01', { proofId: 'P2' })],
      payoutRequests: [cash(500, { payoutId: 'Q1', requestedOn: '2025-06-01' })],
    });
    expect(decisions(items)).toEqual({
      P1: ['credited', 500, null],
      P2: ['rejected', 0, 'NOT_INSURED'],
      Q1: ['paid', 500, null],
    });
    expect(account).toEqual({
      memberId: 'A123456780',
      year: 2025,
      openingPoints: 200,
      credited65a1: 500,
      credited65a1a: 0,
      creditedActivities: 0,
      creditedGoals: 0,
      payoutPoints: 500,
      payoutCashEur: '5.00',
      payoutPlusEur: '0.00',
      forfeitedPoints: 200,
      closingPoints: 0,
      closingValueEur: '0.00',
      payoutEligible: false,
    });
  });

  it('a member who left the fund (without dying) keeps the balance', () => {
    const { account } = run({
      memberships: [{ validFrom: '2000-01-01', validTo: '2025-02-28', kind: 'mandatory' }],
      participations: [{ validFrom: '2020-01-01', validTo: '2025-02-28' }],
      openingPoints: 800,
    });
    expect(account).toMatchObject({ forfeitedPoints: 0, closingPoints: 800, closingValueEur: '8.00', payoutEligible: true });
  });
});

describe('account rows', () => {
  it('none without items, participation in Y or opening balance', () => {
    expect(run({ participations: [{ validFrom: '2020-01-01', validTo: '2024-12-31' }] }).account).toBeNull();
  });

  it('a participation overlapping Y alone gives an all-zero account', () => {
    const { account, items } = run({ participations: [{ validFrom: '2025-12-31', validTo: null }] });
    expect(items).toEqual([]);
    expect(account).toMatchObject({ openingPoints: 0, closingPoints: 0, closingValueEur: '0.00', payoutEligible: false });
  });

  it('an opening balance alone (0 included) gives an account; 499 is not payout-eligible', () => {
    expect(run({ participations: [], openingPoints: 0 }).account).toMatchObject({ openingPoints: 0, closingPoints: 0 });
    expect(run({ participations: [], openingPoints: 499 }).account).toMatchObject({
      closingPoints: 499,
      closingValueEur: '4.99',
      payoutEligible: false,
    });
  });

  it('items carry member and year; credited, merged and paid items have no reason, rejected ones 0 points', () => {
    const { items } = run({
      openingPoints: 1000,
      proofs: [proof('HEALTH_CHECKUP', '2025-03-01', { proofId: 'P1' }), proof('VACCINATION_TRAVEL', '2025-03-01', { proofId: 'P2' })],
      payoutRequests: [cash(500, { payoutId: 'Q1' })],
    });
    expect(items).toEqual([
      { itemType: 'proof', itemId: 'P1', memberId: 'A123456780', year: 2025, points: 500, decision: 'credited', reason: null },
      { itemType: 'proof', itemId: 'P2', memberId: 'A123456780', year: 2025, points: 0, decision: 'rejected', reason: 'NOT_BONIFIABLE' },
      {
        itemType: 'payout',
        itemId: 'Q1',
        memberId: 'A123456780',
        year: 2025,
        points: 500,
        decision: 'paid',
        reason: null,
        payout: { kind: 'cash', eur: '5.00', receiptId: null },
      },
    ]);
  });
});
