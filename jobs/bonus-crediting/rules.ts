/**
 * § 19a bonus programme: the yearly crediting of one member (rules-19a-bonus.md). Pure: facts and
 * parameters in, one bonus_accounts row (or none) and the bonus_items out.
 *
 * Where the specification is silent we take its most literal reading; every such point:
 *
 * Proofs (proofs.ts)
 *  P1  Proofs performed after Y are no part of this run; proofs of earlier years are never items
 *      (not even `merged`), they only count toward the U1–U3 set.
 *  P2  A measure_code missing from the points table is NOT_BONIFIABLE, like VACCINATION_TRAVEL.
 *  P3  DUPLICATE (check 8): same code and date as a proof before it (performed_on, proof_id)
 *      among those that passed 1–7, whether that one was credited or not. So of two proofs over
 *      the limit on one date the second is DUPLICATE; for VACCINATION(_EXTRA) the first proof of
 *      each date is credited, the others are DUPLICATE.
 *  P4  Identifiers compare as text ("lowest proof_id": `P10` < `P9`), like the export's C order.
 *  P5  U1–U3: the set codes are the table's `set_u1_u3` codes. An earlier year's proof counts
 *      when it passes checks 2–6 against *this* run's deadline, even if it was late for its own
 *      year. The set is credited only when its latest used exam lies in Y; completed by an
 *      earlier year's exam, the set proofs of Y are FREQUENCY_LIMIT (DUPLICATE on the same date)
 *      — also when no earlier run credited it. While incomplete, every set proof of Y that passed
 *      1–6 is INCOMPLETE_SET, duplicates included (check 7 comes before 8). Points under Abs. 1.
 *  P6  DENTAL_CHECKUP: under 18 on the first dental proof of Y that passed 2–6 means the
 *      half-year rule for all dental proofs of Y, also those after the 18th birthday.
 *
 * Activities (activities.ts)
 *  A1  "Insured" (NOT_INSURED) means what it means for proofs: any insurance period, family
 *      insurance included, up to and including died_on.
 *  A2  Measurements compare exactly as decimals, "at least" is ≥; the kcal and heart-rate
 *      alternatives each need duration_min ≥ 30; the step alternative needs no duration.
 *  A3  Daily and monthly limits count the activities credited in this run (all of Y).
 *
 * Goals (goals.ts)
 *  G1  NOT_PARTICIPANT: started_on must lie in a participation period; completed_on is not
 *      tested against participation (the spec names the start only).
 *  G2  NOT_INSURED, EXCLUDED and TARIFF_18A_OVERLAP look at completed_on only, not the days
 *      between; AGE_REQUIREMENT at started_on.
 *  G3  GOAL_OVERLAP and GOAL_YEAR_LIMIT count only goals credited in this run, not a goal of
 *      Y-1 credited by an earlier run.
 *  G4  challenges_total ≤ 0 is GOAL_BELOW_80_PERCENT (decisions.ts, goalShareMet).
 *  G5  completed_on before started_on throws (data error).
 *
 * Payouts (payouts.ts)
 *  Pa1 A rejected payout item carries 0 points and its reason; a paid one the points used.
 *  Pa2 A receipt is used up by a *paid* PLUS request (of an earlier run: `usedReceiptIds`, or
 *      earlier in this run); a rejected request leaves it free.
 *  Pa3 A request is paid whole or rejected, never in part. Cash with points ≤ 0 is BELOW_MINIMUM.
 *  Pa4 A `plus` request without receipt_id, service_code, service_on or cost, or with negative
 *      points or cost, throws (the import rejects such rows); service_code is not checked.
 *  Pa5 Requests are settled whatever their date, also those of a member who has died, before
 *      the forfeiture.
 *
 * Account (this file)
 *  Ac1 died_on, whatever its date (also after Y, as known at run time), forfeits what is left
 *      after crediting and payouts; the closing balance is 0, so payout_eligible is false.
 *  Ac2 opening_points null → 0. Any non-null opening balance, 0 included, gives an account.
 *  Ac3 "A participation overlapping Y": a bonus_participations period overlapping 1 Jan–31 Dec Y.
 *  Ac4 A negative opening balance throws (balances never go negative).
 */
import { formatMoney } from '../../src/money.ts';
import { judgeActivities } from './activities.ts';
import { memberCalendar } from './calendar.ts';
import { cashValue, hasAccount, yearBounds } from './decisions.ts';
import { judgeGoals } from './goals.ts';
import { settlePayouts } from './payouts.ts';
import { judgeProofs } from './proofs.ts';
import type { BonusFacts, BonusItem, BonusParams, BonusResult } from './types.ts';

export function creditMember(facts: BonusFacts, year: number, params: BonusParams): BonusResult {
  const opening = facts.openingPoints ?? 0;
  if (!Number.isInteger(opening) || opening < 0) {
    throw new Error(`§ 19a member ${facts.memberId}: opening balance ${opening} is not a whole number ≥ 0`);
  }
  const calendar = memberCalendar(facts);
  // The member's items are pushed straight into one list, in the export's order (proofs,
  // activities, goals, payouts), and the credited points summed on the way: no verdict objects
  // copied into items, no spread or filtered arrays (GC was ~20 % of the chunks' CPU).
  const items: BonusItem[] = [];
  const memberId = facts.memberId;
  let credited65a1 = 0;
  let credited65a1a = 0;
  for (const v of judgeProofs(facts, year, calendar, params)) {
    if (v.section === '65a1') credited65a1 += v.points;
    else if (v.section === '65a1a') credited65a1a += v.points;
    items.push({ itemType: 'proof', itemId: v.proof.proofId, memberId, year, points: v.points, decision: v.decision, reason: v.reason });
  }
  const creditedActivities = judgeActivities(facts, year, calendar, params, items);
  const creditedGoals = judgeGoals(facts, year, calendar, params, items);

  const payouts = settlePayouts(
    facts.payoutRequests,
    opening + credited65a1 + credited65a1a + creditedActivities + creditedGoals,
    facts.usedReceiptIds,
    params,
  );
  // Abs. 10: claims are neither assignable nor inheritable.
  const forfeitedPoints = facts.diedOn === null ? 0 : payouts.balance;
  const closingPoints = payouts.balance - forfeitedPoints;

  for (const v of payouts.verdicts) {
    items.push({
      itemType: 'payout',
      itemId: v.request.payoutId,
      memberId,
      year,
      points: v.points,
      decision: v.reason === null ? 'paid' : 'rejected',
      reason: v.reason,
      payout: { kind: v.request.kind, eur: formatMoney(v.eur), receiptId: v.request.receiptId },
    });
  }

  // Ac3, a participation overlapping 1 Jan–31 Dec Y; ISO dates compare as text (null: open-ended).
  const { first, last } = yearBounds(year);
  const participates = facts.participations.some((p) => p.validFrom <= last && (p.validTo === null || first <= p.validTo));
  if (!hasAccount(items.length, participates, facts.openingPoints)) return { account: null, items };

  return {
    account: {
      memberId: facts.memberId,
      year,
      openingPoints: opening,
      credited65a1,
      credited65a1a,
      creditedActivities,
      creditedGoals,
      payoutPoints: payouts.pointsUsed,
      payoutCashEur: formatMoney(payouts.cashEur),
      payoutPlusEur: formatMoney(payouts.plusEur),
      forfeitedPoints,
      closingPoints,
      closingValueEur: formatMoney(cashValue(closingPoints, params)),
      payoutEligible: closingPoints >= params.cashMinimumPoints,
    },
    items,
  };
}
