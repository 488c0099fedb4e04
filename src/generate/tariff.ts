/**
 * The § 18a files: tariff_declarations.csv, outpatient_treatments.csv, inpatient_stays.csv.
 * About 70 % of the members declare: enrolments from 2022-03 on (participation from 2022-04),
 * class changes, ordinary cancels (mostly still inside the 3-year binding), hardship cancels,
 * re-enrolments after a hardship cancel, and a little noise the rules must reject (enrolment
 * while one runs, class change after the end, family-insured persons enrolling). Declared
 * classes mostly match the income; some are above the admissible class (→ CLASS_REDUCED).
 *
 * Claims: about ten per member on average, skewed (many members with few, some with many), more
 * with age; dated mostly in Y, a small share in the last quarter of Y−1 or the first of Y+1, only
 * on days the member is insured with the fund and alive.
 */
import { dayNumber, isoDate, type Validity } from '../dates.ts';
import { effectiveFrom, hardshipCancelEnd, ordinaryCancelEnd } from '../../jobs/tariff-settlement/decisions.ts';
import type { ClaimCategory, DeclarationKind } from '../../jobs/tariff-settlement/types.ts';
import { dayAroundY, inRanges, iso, ownRanges, PROFILE_SHARES, sortedBy, table } from './model.ts';
import type { GenContext, Person } from './model.ts';
import type { Row } from './output.ts';
import type { Rng } from './random.ts';

/** Self-selection: participants claim less than the average member, the others more, so that
 *  all members together average about ten claims (0.7 × 0.55 + 0.3 × 2.05 = 1). */
const CLAIM_RATE_PARTICIPANTS = 0.55;
const CLAIM_RATE_OTHERS = 2.05;
/** First day a declaration may be received: the tariff's class table holds from 2022-04-01. */
const FIRST_RECEIPT = dayNumber('2022-03-01');
/** Upper bounds of the income bands in cents (rules-18a-tariff.md, class table). */
const CLASS_UPPER_BOUNDS_CENTS = [1_800_000, 2_400_000, 3_000_000, 3_600_000, 5_085_000];
/** More enrolments at the tariff's start than later (weights per receipt year). */
const RECEIPT_YEAR_WEIGHT: Readonly<Record<number, number>> = { 2022: 3, 2023: 1.6, 2024: 1.3 };

/** Admissible class of a yearly contributory income (band "above previous bound, up to own"). */
function classOfIncomeCents(cents: number): number {
  const i = CLASS_UPPER_BOUNDS_CENTS.findIndex((upper) => cents <= upper);
  return i === -1 ? 6 : i + 1;
}

/** The class the member declares: mostly the admissible one, some lower, some above it. */
function declaredClass(rng: Rng, admissible: number): number {
  const u = rng.next();
  if (u < 0.82) return admissible;
  if (u < 0.92) return Math.max(1, admissible - 1);
  return Math.min(6, admissible + rng.int(1, 2));
}

const neighbourClass = (rng: Rng, current: number) => (current === 1 ? 2 : current === 6 ? 5 : rng.chance(0.5) ? current - 1 : current + 1);

/** A class change: mostly to the class the income admits (the income changed), else mostly a
 *  lower class (less risk), sometimes a higher one (above the admissible class → reduced);
 *  null: no change. */
function changedClass(rng: Rng, current: number, admissible: number): number | null {
  if (current !== admissible && rng.chance(0.6)) return admissible;
  const up = current === 1 || (current < 6 && rng.chance(0.25));
  if (up && current >= admissible && rng.chance(0.5)) return null; // rarely above the income
  return up ? current + 1 : current - 1;
}

/** A receipt day in [lo, hi], with more weight on the tariff's first years. */
function receiptDay(rng: Rng, lo: number, hi: number): number {
  const from = Number(iso(lo).slice(0, 4));
  const to = Number(iso(hi).slice(0, 4));
  const choices: [number, number, number][] = [];
  for (let y = from; y <= to; y++) {
    const a = Math.max(lo, dayNumber(isoDate(y, 1, 1)));
    const b = Math.min(hi, dayNumber(isoDate(y, 12, 31)));
    choices.push([a, b, (RECEIPT_YEAR_WEIGHT[y] ?? 1) * (b - a + 1)]);
  }
  const [a, b] = rng.weightedRow(choices);
  return rng.int(a, b);
}

function participantDeclarations({ yEnd }: GenContext, person: Person, rng: Rng): Row[] {
  const own = ownRanges(person);
  const deadline = Math.min(yEnd, own.at(-1)![1]);
  const lo = Math.max(FIRST_RECEIPT, own[0]![0] - 45);
  if (lo > deadline) return [];

  const admissible = classOfIncomeCents(person.fullYearIncomeCents);
  const decls: Row[] = [];
  const spans: Validity[] = [];
  const add = (kind: DeclarationKind, day: number, cls: number | null) => decls.push({ kind, received_on: iso(day), declared_class: cls });

  let receipt = receiptDay(rng, lo, deadline);
  for (let participation = 0; participation < 2; participation++) {
    let cls = declaredClass(rng, admissible);
    add('enrol', receipt, cls);
    if (rng.chance(0.003)) add('class_change', receipt, neighbourClass(rng, cls)); // same day
    const start = dayNumber(effectiveFrom(iso(receipt)));

    let cancel: { kind: 'cancel' | 'hardship_cancel'; day: number; end: number } | null = null;
    const u = rng.next();
    if (u < 0.035) {
      const day = rng.chance(0.08) || start > deadline ? rng.int(receipt, start - 1) : rng.int(start, deadline);
      cancel = { kind: 'hardship_cancel', day, end: dayNumber(hardshipCancelEnd(iso(day))) };
    } else if (u < 0.15 && receipt + 30 <= deadline) {
      const day = rng.int(receipt + 30, deadline);
      cancel = { kind: 'cancel', day, end: dayNumber(ordinaryCancelEnd(iso(day), iso(start))) };
    }

    const changes = rng.weighted([0, 1, 2], [75, 20, 5]);
    const changesUntil = cancel ? cancel.day : deadline;
    for (let k = 0; k < changes && receipt + 1 <= changesUntil; k++) {
      const next = changedClass(rng, cls, admissible);
      if (next === null) continue;
      cls = next;
      add('class_change', rng.int(receipt + 1, changesUntil), cls);
    }
    if (cancel) add(cancel.kind, cancel.day, null);
    const end = cancel ? cancel.end : null;
    if (end === null || end >= start) spans.push({ validFrom: iso(start), validTo: end === null ? null : iso(end) });

    const running = Math.min(end ?? deadline, deadline);
    if (rng.chance(0.004) && start <= running) add('enrol', rng.int(start, running), cls); // enrol while one runs
    const latestReEnrol = Math.min(deadline, yEnd - 31);
    if (end !== null && end + 1 <= latestReEnrol && rng.chance(0.45)) {
      receipt = rng.int(end + 1, latestReEnrol);
      continue;
    }
    // a class change after the end
    if (end !== null && end + 1 <= deadline && rng.chance(0.03)) add('class_change', rng.int(end + 1, deadline), neighbourClass(rng, cls));
    break;
  }
  person.tariffSpans = spans;
  // in order of receipt; same-day declarations keep their generation order (ids follow it)
  return sortedBy(decls, 'received_on');
}

/** Declarations of persons who cannot or do not take part: they only produce rejections. */
function strayDeclarations({ yStart, yEnd }: GenContext, person: Person, rng: Rng): Row[] {
  const family = person.memberships.every((m) => m.kind === 'family');
  if (family && rng.chance(0.004)) {
    // a family-insured person enrols: NOT_A_MEMBER
    return [{ kind: 'enrol', received_on: iso(rng.int(yStart, yEnd - 31)), declared_class: rng.int(1, 3) }];
  }
  if (!family && rng.chance(0.004)) {
    // a class change or cancel without any participation: DECLARATION_OUT_OF_ORDER
    const kind = rng.chance(0.5) ? 'class_change' : 'cancel';
    return [{ kind, received_on: iso(rng.int(yStart, yEnd)), declared_class: kind === 'cancel' ? null : rng.int(1, 6) }];
  }
  return [];
}

/** The person's declarations (tariff spans in `person.tariffSpans`) and claims. */
export function writeTariff(ctx: GenContext, person: Person): void {
  const rng = ctx.rng('tariff_declarations.csv', person.index);
  const hasOwn = person.memberships.some((m) => m.kind !== 'family');
  const declarations =
    hasOwn && rng.chance(PROFILE_SHARES[ctx.profile].tariff)
      ? participantDeclarations(ctx, person, rng)
      : strayDeclarations(ctx, person, rng);
  ctx.personRows('tariff_declarations.csv', 'D', person, declarations);
  const rate = person.tariffSpans.length > 0 ? CLAIM_RATE_PARTICIPANTS : CLAIM_RATE_OTHERS;
  writeClaims(ctx, person, rate * PROFILE_SHARES[ctx.profile].claims);
}

/** Mean outpatient treatments and full inpatient stays per year by age band (below the bound), before the per-member spread. */
const CLAIM_RATES = table<[string, number, number, number]>(
  'young 30 6.5 0.06; middle 50 8.5 0.09; older 65 11 0.16; senior 80 13.5 0.28; old 999 15 0.4',
);

/** Spread of the per-member claim rate: log-normal with mean 1. */
const SPREAD_SIGMA = 0.8;
const SPREAD_MEAN = Math.exp((SPREAD_SIGMA * SPREAD_SIGMA) / 2);

/** Days in hospital: label, shortest, longest, weight. */
const STAY_LENGTHS = table<[string, number, number, number]>('same-day 0 0 3; short 1 3 35; week 4 7 35; two-weeks 8 14 20; long 15 40 7');

/** A claim day: 95 % in Y, 2.5 % in Q4 of Y−1, 2.5 % in Q1 of Y+1. */
const claimDay = (rng: Rng, ctx: GenContext) => dayAroundY(rng, ctx, 0.025, 0.025);

/** About 5 % each of pregnancy, prevention and contraception over all treatments; pregnancy and
 *  contraception only at ages where they occur, so more often there. */
function outpatientCategory(rng: Rng, age: number): ClaimCategory {
  const u = rng.next();
  if (u < 0.05) return 'prevention';
  if (age >= 15 && age <= 45 && u < 0.22) return 'pregnancy';
  if (age >= 15 && age <= 50 && u < 0.36) return 'contraception';
  return 'regular';
}

function stayCategory(rng: Rng, age: number): ClaimCategory {
  const u = rng.next();
  if (u < 0.08 && age >= 18 && age <= 45) return 'pregnancy';
  if (u > 0.98) return 'prevention';
  return 'regular';
}

/** Writes the person's outpatient treatments and inpatient stays; `rate` scales the claim rates. */
function writeClaims(ctx: GenContext, person: Person, rate = 1): void {
  const insured = ownRanges(person);
  if (insured.length === 0) return;
  const died = person.diedOn ? dayNumber(person.diedOn) : Infinity;
  const age = person.age;
  const [, , outpatientRate, inpatientRate] = CLAIM_RATES.find(([, below]) => age < below)!;
  const spread = ctx.rng('health', person.index).logNormal(1, SPREAD_SIGMA) / SPREAD_MEAN; // this member's health, mean 1

  let rng = ctx.rng('outpatient_treatments.csv', person.index);
  const treatments: Row[] = [];
  for (let i = rng.poisson(outpatientRate * rate * spread); i > 0; i--) {
    const day = claimDay(rng, ctx);
    const category = outpatientCategory(rng, age);
    const withPrescription = rng.chance(category === 'prevention' ? 0.25 : 0.62);
    if (inRanges(insured, day)) treatments.push({ treated_on: iso(day), with_prescription: withPrescription, category });
  }
  ctx.personRows('outpatient_treatments.csv', 'O', person, sortedBy(treatments, 'treated_on'), 3);

  rng = ctx.rng('inpatient_stays.csv', person.index);
  const stays: Row[] = [];
  for (let i = rng.poisson(inpatientRate * rate * (0.5 + 0.5 * spread)); i > 0; i--) {
    const admitted = claimDay(rng, ctx);
    const [, lo, hi] = rng.weightedRow(STAY_LENGTHS);
    const discharged = Math.max(admitted, Math.min(admitted + rng.int(lo, hi), died));
    const category = stayCategory(rng, age);
    if (inRanges(insured, admitted)) stays.push({ admitted_on: iso(admitted), discharged_on: iso(discharged), category });
  }
  ctx.personRows('inpatient_stays.csv', 'S', person, sortedBy(stays, 'admitted_on'));
}
