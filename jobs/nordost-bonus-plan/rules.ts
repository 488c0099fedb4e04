/**
 * AOK Nordost "AOK Bonus Plan": the yearly settlement of one member (rules-nordost-bonus-plan.md).
 * Pure: facts and parameters in; the nordost_bonus_plan row, the proof decisions and the
 * declaration exceptions out.
 *
 * Participation is § 18a's timeline (jobs/tariff-settlement/timeline.ts) over the plan's
 * declarations, so the § 18a readings T1–T8 and S1 (rules.ts there) hold here too. Where this
 * plan's spec is silent we take its most literal reading:
 *  N1  Amounts: every exported amount is rounded half up once from exact values, dividing last
 *      (basic, health, additional bonus, the § 53 cap, the co-payment cap); bonus_total, copay,
 *      bonus_paid and balance are then exact sums/minima of rounded amounts.
 *  N2  M (participation months) spans every participation overlapping Y; the additional bonus
 *      counts only the last participation's own months, at the effective class of each month.
 *  N3  claim_free_months of a participation that started in Y and has no participation month in
 *      Y is 0 (its value at the end of Y−1 is 0 by the rule "0 if it started in Y").
 *  N4  The Y−1 value is looked up only where needed: no event of the last participation in Y, its
 *      start before 1 January Y (or, with no month in Y, to show it). A run row of another year
 *      than Y−1 is never used.
 *  N5  A proof counts as performed on a participation day when that day is a participation day
 *      of any participation of the member (resting days are not).
 *  N6  PREMIUM_CAPPED whenever bonus_paid < bonus_total, also under the 600.00 ceiling with the
 *      contributions missing; the cap uses the contributions as given.
 *  N7  Held wins over payout/receivable/zero; a held member gets no due_on. A member with 0 months
 *      and no hold is `zero`.
 *  N8  Exceptions: only the declarations received in Y (as § 18a S10).
 */
import { clip, inRanges, isoDate, normalize, parts, type DateRange } from '../../src/dates.ts';
import { Decimal, formatMoney, minDecimal, roundCents, sumDecimals, ZERO } from '../../src/money.ts';
import { classesString } from '../tariff-settlement/classes.ts';
import { deriveTimeline } from '../tariff-settlement/timeline.ts';
import { claimFreeMonths } from './claim-free.ts';
import { healthProofDeadline, payoutDueDate } from './decisions.ts';
import { chargeableEvents } from './events.ts';
import { admissibleClass, monthsOf, planMonths, tableInForce, type NordostParticipation, type PlanMonth } from './months.ts';
import { decideProofs } from './proofs.ts';
import type { BonusPlanRow, MemberReason, NordostClass, NordostFacts, NordostMemberResult, NordostParams, Outcome } from './types.ts';
import { HOLDING_REASONS, MEMBER_REASONS } from './types.ts';

export function settleNordostMember(facts: NordostFacts, year: number, params: NordostParams): NordostMemberResult {
  const timeline = deriveTimeline<NordostClass>(facts);
  const exceptions = timeline.exceptions
    .filter((e) => parts(e.receivedOn).year === year)
    .map(({ declarationId, code }) => ({ declarationId, code }));

  const yearRange: DateRange = { from: isoDate(year, 1, 1), to: isoDate(year, 12, 31) };
  const participations = timeline.participations.filter((p) => p.range.from <= yearRange.to && p.range.to >= yearRange.from);
  const days = normalize(participations.flatMap((p) => clip(p.days, yearRange)));
  const isParticipationDay = (d: string) => inRanges(days, d);
  const proofs = decideProofs(
    facts.memberId,
    facts.proofs,
    year,
    healthProofDeadline(year, params.healthProofDeadline),
    isParticipationDay,
  );

  if (participations.length === 0) return { row: null, proofs, exceptions };
  const accepted = proofs.find((p) => p.decision === 'accepted');
  return { row: settle(facts, year, participations, params, isParticipationDay, accepted?.proofId ?? null), proofs, exceptions };
}

function settle(
  facts: NordostFacts,
  year: number,
  participations: NordostParticipation[],
  params: NordostParams,
  isParticipationDay: (d: string) => boolean,
  healthProofId: string | null,
): BonusPlanRow {
  const income = decimalOrNull(facts.income?.contributoryIncome);
  const contributions = decimalOrNull(facts.income?.memberContributions);
  const months = planMonths(participations, year, params.classTables, income);

  const basicBonus = twelfths(months.map((m) => m.row.basicBonus));
  // Decision: the health bonus is pro rata too (leaflet: bonus payments are applied proportionally).
  const healthBonus = healthProofId === null ? ZERO : roundCents(new Decimal(params.healthBonus).times(months.length).dividedBy(12));

  const events = chargeableEvents(facts.outpatientTreatments, facts.inpatientStays, year, months, isParticipationDay);

  // 2026-12: only the last participation overlapping Y has claim-free months and an additional bonus.
  const last = participations[participations.length - 1]!;
  const ownMonths = monthsOf(last, year);
  const ownEvents = events.events.filter((e) => inRanges(last.days, e.on));
  const claimFree = claimFreeMonths(last, year, ownMonths, ownEvents, facts.previousRun, facts.history);
  const earnsAdditional = claimFree.months !== null && claimFree.months >= params.additionalBonusMonths;
  const additionalBonus = earnsAdditional
    ? twelfths(months.filter((m) => ownMonths.includes(m.month)).map((m) => m.row.additionalBonus))
    : ZERO;

  const bonusTotal = basicBonus.plus(healthBonus).plus(additionalBonus);
  // § 53 Abs. 8 Satz 4 SGB V: at most 20 % of the member's own contributions, at most 600 EUR;
  // Decision: it limits the bonuses before the co-payments are offset.
  const capMax = new Decimal(params.premiumCapMax);
  const premiumCap =
    contributions === null ? null : minDecimal(roundCents(new Decimal(params.premiumCapRate).times(contributions)), capMax);
  const bonusPaid = minDecimal(bonusTotal, premiumCap ?? capMax);

  const copayCap = twelfths(months.map((m) => m.row.copayCap));
  const copay = minDecimal(events.amount, copayCap);
  // Decision: the balance may go negative (a Selbstbehalt under § 53 Abs. 1 carries real cost).
  const balance = bonusPaid.minus(copay);

  const found = new Set<MemberReason>();
  if (claimFree.historyMissing) found.add('HISTORY_MISSING');
  if (income === null) found.add('INCOME_MISSING');
  if (contributions === null) found.add('CONTRIBUTIONS_MISSING');
  if (months.some((m) => m.admissibleClass !== null && m.declaredClass > m.admissibleClass)) found.add('CLASS_REDUCED');
  if (bonusPaid.lessThan(bonusTotal)) found.add('PREMIUM_CAPPED');
  const reasons = MEMBER_REASONS.filter((r) => found.has(r));
  const outcome = outcomeOf(balance, reasons);

  return {
    memberId: facts.memberId,
    year,
    participationStart: last.range.from,
    participationMonths: months.length,
    classes: classesString(months),
    basicBonus: formatMoney(basicBonus),
    healthBonus: formatMoney(healthBonus),
    additionalBonus: formatMoney(additionalBonus),
    bonusTotal: formatMoney(bonusTotal),
    premiumCapStatutory: premiumCap === null ? null : formatMoney(premiumCap),
    bonusPaid: formatMoney(bonusPaid),
    outpatientEvents: events.outpatientEvents,
    inpatientDays: events.inpatientDays,
    eventsAmount: formatMoney(events.amount),
    copayCap: formatMoney(copayCap),
    copay: formatMoney(copay),
    balance: formatMoney(balance),
    outcome,
    dueOn: outcome === 'payout' ? payoutDueDate(year, params.payoutDue) : null,
    claimFreeMonths: claimFree.months,
    healthProofId,
    reasons,
    admissibleClass: reportedAdmissibleClass(months, income, year, params),
    claimFreeSource: claimFree.source,
  };
}

function decimalOrNull(value: string | null | undefined): Decimal | null {
  return value === null || value === undefined ? null : new Decimal(value);
}

/** Σ amounts / 12, rounded once: one twelfth per participation month, dividing last. */
function twelfths(amounts: readonly string[]): Decimal {
  return roundCents(sumDecimals(amounts.map((a) => new Decimal(a))).dividedBy(12));
}

function outcomeOf(balance: Decimal, reasons: readonly MemberReason[]): Outcome {
  if (reasons.some((r) => HOLDING_REASONS.has(r))) return 'held';
  if (balance.greaterThan(0)) return 'payout';
  if (balance.lessThan(0)) return 'receivable';
  return 'zero';
}

/** As § 18a S3: the last participation month's admissible class, else the table of 31 December. */
function reportedAdmissibleClass(
  months: readonly PlanMonth[],
  income: Decimal | null,
  year: number,
  params: NordostParams,
): NordostClass | null {
  if (income === null) return null;
  const last = months[months.length - 1];
  if (last) return last.admissibleClass;
  const table = tableInForce(params.classTables, isoDate(year, 12, 31));
  return table ? admissibleClass(table, income) : null;
}
