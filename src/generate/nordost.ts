/**
 * AOK Nordost's "AOK Bonus Plan" files (data-contract-nordost.md): bonus_plan_declarations.csv,
 * bonus_plan_health_proofs.csv, bonus_plan_history.csv. A few per cent of the members take part
 * (a tariff with a Selbstbehalt suits few); the files draw from streams of their own (the file's
 * name and the person's number), so adding them moved no byte of any other file.
 *
 * A test data set holds both funds' tariffs over the same members (rules-nordost-bonus-plan.md,
 * "Funds": no cross-tariff check), so the plan is drawn independently of the § 18a tariff.
 * Declarations as § 18a (enrolments, class changes, cancels inside and after the 3-year binding,
 * hardship cancels) plus a little noise the rules reject (a family-insured person enrolling, a
 * class change without a participation). Proofs: most participants prove one path a year, some
 * late, some performed outside the participation, some twice (FREQUENCY_LIMIT), some of Y−1.
 * History: a row for Y−1 of (almost) every participation running on 31 December Y−1, as the fund
 * delivers at adoption; a few are missing (HISTORY_MISSING). The worked examples' members are the
 * scenarios' (src/scenarios), not drawn here.
 */
import { dayNumber, type Validity } from '../dates.ts';
import { effectiveFrom, hardshipCancelEnd, ordinaryCancelEnd } from '../../jobs/tariff-settlement/decisions.ts';
import { monthsOfParticipation } from '../import/specs/nordost-bonus-plan.ts';
import { clip, dayIn, iso, ownRanges, sortedBy, type GenContext, type Person } from './model.ts';
import type { Row } from './output.ts';
import type { Rng } from './random.ts';

type Range = [from: number, to: number];

/** Share of members with an own membership who take part (default; GenerateOptions.nordostShare). */
export const NORDOST_SHARE = 0.04;
/** Enrolments from December 2020 on: participations of up to four years before a 2025 data set. */
const FIRST_RECEIPT = dayNumber('2020-12-01');
/** Upper bounds of the classes' income bands in cents (migration 0015, param_bonus_plan_class). */
const CLASS_UPPER_BOUNDS_CENTS = [2_000_000, 4_000_000];
const PATHS = ['prevention_set', 'sports_badge', 'fitness_test'] as const;

function classOfIncomeCents(cents: number): number {
  const i = CLASS_UPPER_BOUNDS_CENTS.findIndex((upper) => cents <= upper);
  return i === -1 ? 3 : i + 1;
}

/** Mostly the admissible class, some a lower one, a few a higher one (→ CLASS_REDUCED). */
function declaredClass(rng: Rng, admissible: number): number {
  const u = rng.next();
  if (u < 0.85) return admissible;
  if (u < 0.93) return Math.max(1, admissible - 1);
  return Math.min(3, admissible + 1);
}

/** The participant's declarations in order of receipt, and the participations they produce. */
function participantDeclarations(ctx: GenContext, person: Person, rng: Rng): { rows: Row[]; spans: Validity[] } {
  const own = ownRanges(person);
  const deadline = Math.min(ctx.yEnd, own.at(-1)![1]);
  // received while a member: the participation starts on the first of the next month, inside the membership
  const lo = Math.max(FIRST_RECEIPT, own[0]![0]);
  if (lo > deadline) return { rows: [], spans: [] };
  const admissible = classOfIncomeCents(person.fullYearIncomeCents);
  const rows: Row[] = [];
  const add = (kind: string, day: number, cls: number | null) => rows.push({ kind, received_on: iso(day), declared_class: cls });

  const receipt = rng.int(lo, deadline);
  let cls = declaredClass(rng, admissible);
  add('enrol', receipt, cls);
  const start = dayNumber(effectiveFrom(iso(receipt)));

  let cancel: { kind: 'cancel' | 'hardship_cancel'; day: number; end: number } | null = null;
  const u = rng.next();
  if (u < 0.05 && start <= deadline) {
    const day = rng.int(start, deadline);
    cancel = { kind: 'hardship_cancel', day, end: dayNumber(hardshipCancelEnd(iso(day))) };
  } else if (u < 0.2 && receipt + 30 <= deadline) {
    const day = rng.int(receipt + 30, deadline);
    cancel = { kind: 'cancel', day, end: dayNumber(ordinaryCancelEnd(iso(day), iso(start))) };
  }
  const changesUntil = cancel ? cancel.day : deadline;
  if (rng.chance(0.15) && receipt + 1 <= changesUntil) {
    // mostly to the class the income admits (the income changed), else a neighbour
    const neighbour = cls === 2 ? rng.pick([1, 3]) : 2;
    cls = cls !== admissible && rng.chance(0.6) ? admissible : neighbour;
    add('class_change', rng.int(receipt + 1, changesUntil), cls);
  }
  if (cancel) add(cancel.kind, cancel.day, null);
  const end = cancel ? cancel.end : null;
  const spans = end === null || end >= start ? [{ validFrom: iso(start), validTo: end === null ? null : iso(end) }] : [];
  return { rows: sortedBy(rows, 'received_on'), spans };
}

/** Declarations that only produce rejections: a family-insured person enrols (NOT_A_MEMBER), a
 *  member changes class or cancels without a participation (DECLARATION_OUT_OF_ORDER). */
function strayDeclarations(ctx: GenContext, person: Person, rng: Rng): Row[] {
  const family = person.memberships.every((m) => m.kind === 'family');
  if (!rng.chance(family ? 0.004 : 0.002)) return [];
  const kind = family ? 'enrol' : rng.pick(['class_change', 'cancel']);
  return [{ kind, received_on: iso(rng.int(ctx.yStart, ctx.yEnd - 31)), declared_class: kind === 'cancel' ? null : rng.int(1, 3) }];
}

/** The days of `within` (sorted, disjoint) that lie in no range of `holes`. */
function without(within: Range[], holes: Range[]): Range[] {
  let rest = within;
  for (const [from, to] of holes)
    rest = rest.flatMap(([a, b]): Range[] => [
      [a, Math.min(b, from - 1)],
      [Math.max(a, to + 1), b],
    ]);
  return rest.filter(([a, b]) => b >= a);
}

/**
 * Health proofs: of Y on participation days, received mostly soon, some after 31 March Y+1
 * (LATE_SUBMISSION), some twice (FREQUENCY_LIMIT); a few performed on an insured day of Y outside
 * the participation, e.g. before the enrolment took effect (OUTSIDE_PARTICIPATION); some of Y−1.
 */
function healthProofs(ctx: GenContext, insured: Range[], participation: Range, rng: Rng): Row[] {
  const rows: Row[] = [];
  const inY = clip([participation], ctx.yStart, ctx.yEnd);
  const proof = (performed: number, late: boolean) => {
    const received = late ? rng.int(ctx.deadline + 1, ctx.deadline + 60) : Math.min(performed + rng.int(0, 45), ctx.deadline);
    rows.push({ path: rng.weighted(PATHS, [5, 2, 3]), performed_on: iso(performed), received_on: iso(received) });
  };
  if (inY.length > 0 && rng.chance(0.65)) {
    proof(dayIn(rng, inY)!, rng.chance(0.05));
    if (rng.chance(0.1)) proof(dayIn(rng, inY)!, false);
  }
  const outside = without(clip(insured, ctx.yStart, ctx.yEnd), [participation]);
  if (outside.length > 0 && rng.chance(0.25)) proof(dayIn(rng, outside)!, false);
  // last year's proof, still in the snapshot (the run of Y looks only at those performed in Y)
  const lastYear = clip([participation], ctx.yStart - 365, ctx.yStart - 1);
  if (lastYear.length > 0 && rng.chance(0.3)) {
    const day = dayIn(rng, lastYear)!;
    rows.push({ path: rng.pick(PATHS), performed_on: iso(day), received_on: iso(day + rng.int(0, 45)) });
  }
  return sortedBy(rows, 'performed_on');
}

/** The claim-free months of a participation at 31 December Y−1: many never claimed, others some months since a claim. */
function historyRow(ctx: GenContext, rng: Rng, participation: Range): Row | null {
  const year = ctx.year - 1;
  const lastOfYear = ctx.yStart - 1;
  // began in Y (no history needed) or not running on 31 December Y−1
  if (participation[0] > lastOfYear || participation[1] < lastOfYear) return null;
  if (rng.chance(0.05)) return null; // missing in the fund's delivery: HISTORY_MISSING
  const start = iso(participation[0]);
  const months = monthsOfParticipation(start, year);
  const claimFree = rng.chance(0.45) ? months : rng.int(0, Math.min(months, 11));
  return { year, participation_start: start, claim_free_months: claimFree };
}

/** The person's plan rows: declarations, proofs and history, each file from its own stream. */
export function writeNordost(ctx: GenContext, person: Person, share: number): void {
  const rng = ctx.rng('bonus_plan_declarations.csv', person.index);
  const hasOwn = person.memberships.some((m) => m.kind !== 'family');
  const { rows, spans } =
    hasOwn && rng.chance(share) ? participantDeclarations(ctx, person, rng) : { rows: strayDeclarations(ctx, person, rng), spans: [] };
  ctx.personRows('bonus_plan_declarations.csv', 'PD', person, rows);
  // the participation: from its start to its end, within the membership it began in (a longer
  // interruption or the end of membership ends it)
  const span = spans[0];
  if (!span) return;
  const insured = ownRanges(person);
  const start = dayNumber(span.validFrom);
  const membership = insured.find(([from, to]) => from <= start && start <= to);
  if (!membership) return;
  const participation: Range = [start, Math.min(membership[1], span.validTo ? dayNumber(span.validTo) : Infinity)];
  const proofs = healthProofs(ctx, insured, participation, ctx.rng('bonus_plan_health_proofs.csv', person.index));
  ctx.personRows('bonus_plan_health_proofs.csv', 'HP', person, proofs);
  const history = historyRow(ctx, ctx.rng('bonus_plan_history.csv', person.index), participation);
  if (history) ctx.out.row('bonus_plan_history.csv', { member_id: person.memberId, ...history });
}
