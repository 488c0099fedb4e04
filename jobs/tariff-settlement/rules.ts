/**
 * § 18a "AOK PLUS aktiv": the yearly settlement of one member (rules-18a-tariff.md). Pure: facts
 * and parameters in, one tariff_settlement row and the declaration exceptions out.
 *
 * Where the specification is silent we take its most literal reading; every such point:
 *
 * Timeline (timeline.ts)
 *  T1  "Running": a participation runs from the receipt of its accepted enrolment up to and
 *      including its end as known when the declaration is processed (the earlier of a cancel end
 *      and the end of the membership block). A declaration received on the end day still finds it
 *      running; the day after, it does not.
 *  T2  An enrol received while a participation runs is DECLARATION_OUT_OF_ORDER even if that
 *      participation's end is already fixed and lies before the new start (no seamless re-enrol).
 *      A class change received while it runs is accepted even if it would take effect after the end.
 *  T3  A hardship cancel is "received before the start day" when received_on < start; it then
 *      removes the participation (no exception for the enrol, no row); later class changes and
 *      cancels find none running. Received on the start day or later: normal hardship end.
 *  T4  A class change received before the start day takes effect from the start day; of two
 *      changes taking effect on the same day the later-processed one wins. A change to the class
 *      already in force is accepted and changes nothing.
 *  T5  The enrol's first-of-month lying in a family period or a ≤ 1-month gap is "not covered":
 *      the start moves to the next own period's start. NOT_A_MEMBER only when no own period
 *      starts on or after that day (this includes a member who dies before the start).
 *  T6  Own periods that overlap or touch (mandatory → voluntary) are one membership: no gap.
 *      Death cuts membership after died_on; died_on itself is still a participation day.
 *  T7  THIRD_PARTY_AT_ENROLMENT is judged on the (possibly moved) start day only; third-party
 *      periods later in the participation make the tariff rest. NOT_A_MEMBER is checked first.
 *  T8  An enrol or class_change without a declared class is a data error and throws (the import
 *      rejects such rows).
 *
 * Settlement (this file, classes.ts, events.ts)
 *  S1  Row rule: the participation runs from its start day (not the receipt of the enrolment) to
 *      its end; a row exists when that range, resting days included, overlaps Y.
 *  S2  Only participation months need a class table: a month of Y without participation and
 *      without a table is fine. Two tables in force on one day throw (parameter error).
 *  S3  Admissible class: computed per participation month with that month's table (one table in
 *      Y gives one class for Y). `admissibleClass` reports the last participation month's; with
 *      no participation month, the table in force on 31 Dec Y (null if none).
 *  S4  No annual_income row = both figures missing: INCOME_MISSING and CONTRIBUTIONS_MISSING.
 *      Income missing: declared class unreduced everywhere (premium, deductible cap, events, `classes`),
 *      no CLASS_REDUCED, admissibleClass null. These hold even a member with 0 months.
 *  S5  CLASS_REDUCED once per member when any participation month's declared class exceeds its
 *      admissible class.
 *  S6  PREMIUM_CAPPED whenever premium_paid < premium_prorated, also when the 600.00 ceiling
 *      applies with contributions missing (impossible with the current table, premiums ≤ 600).
 *      The § 53 premium cap uses the contributions as given (a negative figure is not clamped).
 *  S7  Claims dated outside Y are ignored; an inpatient stay belongs to the year and month of its
 *      admission (admitted 30 Dec Y-1, discharged in Y: not an event of Y). A claim_id appearing
 *      twice in one list is one event. An excluded category excludes the claim even with a
 *      prescription; a treatment without prescription is no event whatever its category.
 *  S8  BONUS_PROGRAMME_OVERLAP compares the participation days within Y (not other years, not
 *      resting days) with the bonus periods.
 *  S9  Held wins over payout/receivable/zero; a held member gets no due_on. Zero balance with no
 *      hold is `zero`, also for a member with 0 months.
 *  S10 Exceptions: only declarations received in Y, whichever year the participation concerns.
 */
import { clip, inRanges, isoDate, normalize, rangeOf, rangesOverlap, type DateRange } from '../../src/dates.ts';
import { Decimal, formatMoney, minDecimal, roundCents, sumDecimals } from '../../src/money.ts';
import {
  admissibleClass,
  classesString,
  participationMonths,
  rowAmounts,
  tableInForce,
  type ParticipationMonth,
  type RowAmounts,
} from './classes.ts';
import { payoutDueDate } from './decisions.ts';
import { deductibleEvents } from './events.ts';
import { deriveTimeline, type Participation } from './timeline.ts';
import type { MemberFacts, MemberReason, MemberResult, Outcome, Settlement, TariffClass, TariffParams } from './types.ts';
import { HOLDING_REASONS, MEMBER_REASONS } from './types.ts';

export function settleMember(facts: MemberFacts, year: number, params: TariffParams): MemberResult {
  const timeline = deriveTimeline(facts);
  const yearRange = yearRangeOf(year);
  const exceptions = timeline.exceptions
    .filter((e) => e.receivedOn >= yearRange.from && e.receivedOn <= yearRange.to)
    .map(({ declarationId, code }) => ({ declarationId, code }));

  const participations = timeline.participations.filter((p) => p.range.from <= yearRange.to && p.range.to >= yearRange.from);
  if (participations.length === 0) return { settlement: null, exceptions };

  return { settlement: settle(facts, year, yearRange, participations, params), exceptions };
}

function settle(facts: MemberFacts, year: number, yearRange: DateRange, participations: Participation[], params: TariffParams): Settlement {
  const income = decimalOrNull(facts.income?.contributoryIncome);
  const contributions = decimalOrNull(facts.income?.memberContributions);
  const months = participationMonths(participations, year, params.classTables, income);
  const days = normalize(participations.flatMap((p) => clip(p.days, yearRange)));

  // § 18a Abs. 4: one twelfth per month; sum first, divide last, round once.
  const premiumProrated = twelfths(months, (a) => a.premium);
  const deductibleCapProrated = twelfths(months, (a) => a.deductibleCap);

  const events = deductibleEvents(facts.outpatientTreatments, facts.inpatientStays, year, months, (d) => inRanges(days, d));
  const deductible = minDecimal(events.amount, deductibleCapProrated);

  // § 53 Abs. 8 SGB V: the premium is at most 20 % of the member's own contributions, at most 600.
  const { premiumCapRate, premiumCapMax } = capDecimals(params);
  const premiumCap = contributions === null ? null : minDecimal(roundCents(premiumCapRate.times(contributions)), premiumCapMax);
  const premiumPaid = minDecimal(premiumProrated, premiumCap ?? premiumCapMax);
  const balance = premiumPaid.minus(deductible);

  const found = new Set<MemberReason>();
  if (rangesOverlap(days, normalize(facts.bonusParticipations.map(rangeOf)))) found.add('BONUS_PROGRAMME_OVERLAP');
  if (income === null) found.add('INCOME_MISSING');
  if (contributions === null) found.add('CONTRIBUTIONS_MISSING');
  if (months.some((m) => m.admissibleClass !== null && m.declaredClass > m.admissibleClass)) found.add('CLASS_REDUCED');
  if (premiumPaid.lessThan(premiumProrated)) found.add('PREMIUM_CAPPED');
  const reasons = MEMBER_REASONS.filter((r) => found.has(r));

  const outcome = outcomeOf(balance, reasons);
  return {
    memberId: facts.memberId,
    year,
    participationMonths: months.length,
    premiumProrated: formatShared(premiumProrated),
    deductibleCapProrated: formatShared(deductibleCapProrated),
    outpatientEvents: events.outpatientEvents,
    inpatientEvents: events.inpatientEvents,
    eventsAmount: formatMoney(events.amount),
    deductible: formatMoney(deductible),
    premiumCap: premiumCap === null ? null : formatMoney(premiumCap),
    premiumPaid: formatMoney(premiumPaid),
    balance: formatMoney(balance),
    outcome,
    dueOn: outcome === 'payout' ? payoutDueDate(year) : null,
    classes: classesString(months),
    reasons,
    admissibleClass: reportedAdmissibleClass(months, income, year, params),
  };
}

function decimalOrNull(value: string | null | undefined): Decimal | null {
  return value === null || value === undefined ? null : new Decimal(value);
}

function twelfths(months: readonly ParticipationMonth[], amountOf: (a: RowAmounts) => Decimal): Decimal {
  // Most members pay one class row all their months: that sum is the row's amount n times, so
  // the prorated figure depends only on (row, amount, n) and is computed once for it. The same
  // exact Decimal arithmetic either way (n equal addends), the same result.
  const row = months[0]?.row;
  if (row && months.every((m) => m.row === row)) {
    const amount = amountOf(rowAmounts(row));
    let byCount = twelfthsOf.get(amount);
    if (!byCount) twelfthsOf.set(amount, (byCount = new Map()));
    let value = byCount.get(months.length);
    if (!value) byCount.set(months.length, (value = prorate(months.map(() => amount))));
    return value;
  }
  return prorate(months.map((m) => amountOf(rowAmounts(m.row))));
}

/** § 18a Abs. 4: sum first, divide by 12 last, round once. */
function prorate(amounts: readonly Decimal[]): Decimal {
  return roundCents(sumDecimals(amounts).dividedBy(12));
}

/** Prorated figures of one row's amount by number of months (the amount Decimals are shared per row object). */
const twelfthsOf = new WeakMap<Decimal, Map<number, Decimal>>();

const formatted = new WeakMap<Decimal, string>();

/** formatMoney of a Decimal shared between members (a cached twelfths figure): formatted once. */
function formatShared(value: Decimal): string {
  let text = formatted.get(value);
  if (text === undefined) formatted.set(value, (text = formatMoney(value)));
  return text;
}

const yearRanges = new Map<number, DateRange>();

/** 1 Jan to 31 Dec of `year`, made once per year (callers never modify it). */
function yearRangeOf(year: number): DateRange {
  let range = yearRanges.get(year);
  if (!range) yearRanges.set(year, (range = { from: isoDate(year, 1, 1), to: isoDate(year, 12, 31) }));
  return range;
}

const capsOf = new WeakMap<TariffParams, { premiumCapRate: Decimal; premiumCapMax: Decimal }>();

/** The § 53 cap figures parsed once per parameter set (not once per member). */
function capDecimals(params: TariffParams): { premiumCapRate: Decimal; premiumCapMax: Decimal } {
  let caps = capsOf.get(params);
  if (!caps) {
    caps = { premiumCapRate: new Decimal(params.premiumCapRate), premiumCapMax: new Decimal(params.premiumCapMax) };
    capsOf.set(params, caps);
  }
  return caps;
}

function outcomeOf(balance: Decimal, reasons: readonly MemberReason[]): Outcome {
  if (reasons.some((r) => HOLDING_REASONS.has(r))) return 'held';
  if (balance.greaterThan(0)) return 'payout';
  if (balance.lessThan(0)) return 'receivable';
  return 'zero';
}

function reportedAdmissibleClass(
  months: readonly ParticipationMonth[],
  income: Decimal | null,
  year: number,
  params: TariffParams,
): TariffClass | null {
  if (income === null) return null;
  const last = months[months.length - 1];
  if (last) return last.admissibleClass;
  const table = tableInForce(params.classTables, isoDate(year, 12, 31));
  return table ? admissibleClass(table, income) : null;
}
