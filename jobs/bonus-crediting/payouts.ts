/**
 * § 19a Abs. 7: payout requests, settled after the crediting in order of requested_on, then
 * payout_id, each against the balance the ones before left (rules-19a-bonus.md, "Points account
 * and payouts"). The balance never goes negative: a request that would overdraw it is rejected
 * whole, never paid in part.
 */
import { Decimal, ZERO } from '../../src/money.ts';
import { cashValue, comparePayouts, plusSubsidy } from './decisions.ts';
import type { BonusParams, BonusReason, PayoutRequest } from './types.ts';

export interface PayoutVerdict {
  request: PayoutRequest;
  /** points used (0 when rejected) */
  points: number;
  /** EUR paid (0 when rejected) */
  eur: Decimal;
  reason: BonusReason | null;
}

export interface PayoutSettlement {
  verdicts: PayoutVerdict[];
  pointsUsed: number;
  cashEur: Decimal;
  plusEur: Decimal;
  /** balance left after the payouts */
  balance: number;
}

interface PlusFields {
  receiptId: string;
  serviceOn: string;
  cost: string;
}

/** A `plus` request needs receipt_id, service_code, service_on and cost; the import rejects rows without. */
function plusFields(r: PayoutRequest): PlusFields {
  if (r.receiptId === null || r.serviceCode === null || r.serviceOn === null || r.cost === null) {
    throw new Error(`§ 19a payout ${r.payoutId}: a plus request needs receipt_id, service_code, service_on and cost`);
  }
  if (r.points < 0 || new Decimal(r.cost).isNegative()) {
    throw new Error(`§ 19a payout ${r.payoutId}: negative points or cost`);
  }
  return { receiptId: r.receiptId, serviceOn: r.serviceOn, cost: r.cost };
}

export function settlePayouts(
  requests: readonly PayoutRequest[],
  startBalance: number,
  usedReceiptIds: readonly string[],
  params: BonusParams,
): PayoutSettlement {
  // Each receipt once, ever: used by earlier runs, or paid earlier in this run.
  const usedReceipts = new Set(usedReceiptIds);
  let balance = startBalance;
  let pointsUsed = 0;
  let cashEur = ZERO;
  let plusEur = ZERO;

  // A payout_id an earlier run settled is settled once, ever: not even an item here.
  const open = requests.filter((r) => !r.settledEarlier).sort(comparePayouts);
  const verdicts = open.map((r): PayoutVerdict => {
    const rejected = (reason: BonusReason): PayoutVerdict => ({ request: r, points: 0, eur: ZERO, reason });
    let points: number;
    let eur: Decimal;
    switch (r.kind) {
      case 'cash':
        if (r.points < params.cashMinimumPoints) return rejected('BELOW_MINIMUM');
        if (r.points > balance) return rejected('INSUFFICIENT_BALANCE');
        points = r.points;
        eur = cashValue(points, params);
        cashEur = cashEur.plus(eur);
        break;
      case 'plus': {
        const plus = plusFields(r);
        if (plus.serviceOn < params.plusStartDate) return rejected('PLUS_BEFORE_2023');
        const subsidy = plusSubsidy(r.points, plus.cost, params);
        if (usedReceipts.has(plus.receiptId)) return rejected('DUPLICATE_PLUS_SERVICE');
        // No 500-point minimum for PLUS; the balance check uses the points actually needed.
        if (subsidy.pointsUsed > balance) return rejected('INSUFFICIENT_BALANCE');
        points = subsidy.pointsUsed;
        eur = subsidy.eur;
        plusEur = plusEur.plus(eur);
        usedReceipts.add(plus.receiptId);
        break;
      }
    }
    balance -= points;
    pointsUsed += points;
    return { request: r, points, eur, reason: null };
  });
  return { verdicts, pointsUsed, cashEur, plusEur, balance };
}
