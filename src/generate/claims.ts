/**
 * Claims of a random member for outpatient_treatments.csv and inpatient_stays.csv: about ten
 * per member on average, skewed (many members with few, some with many), more with age; dated
 * mostly in Y, a small share in the last quarter of Y−1 or the first of Y+1, only on days the
 * member is insured with the fund and alive.
 */
import { dayNumber, isoDate } from '../dates.ts';
import type { ClaimCategory } from '../../jobs/tariff-settlement/types.ts';
import { iso, rowId, type GenContext, type Person } from './model.ts';
import type { Rng } from './random.ts';

/** Mean outpatient treatments per year by age (before the per-member spread). */
function outpatientBase(age: number): number {
  if (age < 30) return 6.5;
  if (age < 50) return 8.5;
  if (age < 65) return 11;
  if (age < 80) return 13.5;
  return 15;
}

/** Mean full inpatient stays per year by age. */
function inpatientBase(age: number): number {
  if (age < 30) return 0.06;
  if (age < 50) return 0.09;
  if (age < 65) return 0.16;
  if (age < 80) return 0.28;
  return 0.4;
}

/** Spread of the per-member claim rate: log-normal with mean 1. */
const SPREAD_SIGMA = 0.8;
const SPREAD_MEAN = Math.exp((SPREAD_SIGMA * SPREAD_SIGMA) / 2);

const STAY_LENGTHS: readonly [number, number][] = [
  [0, 0],
  [1, 3],
  [4, 7],
  [8, 14],
  [15, 40],
];
const STAY_LENGTH_WEIGHTS = [3, 35, 35, 20, 7];

interface Window {
  yStart: number;
  yEnd: number;
  lateFrom: number; // 1 Oct Y−1
  earlyTo: number; // 31 Mar Y+1
}

function window(year: number): Window {
  return {
    yStart: dayNumber(isoDate(year, 1, 1)),
    yEnd: dayNumber(isoDate(year, 12, 31)),
    lateFrom: dayNumber(isoDate(year - 1, 10, 1)),
    earlyTo: dayNumber(isoDate(year + 1, 3, 31)),
  };
}

/** A claim day: 95 % in Y, 2.5 % in Q4 of Y−1, 2.5 % in Q1 of Y+1. */
function claimDay(rng: Rng, w: Window): number {
  const u = rng.next();
  if (u < 0.025) return rng.int(w.lateFrom, w.yStart - 1);
  if (u < 0.05) return rng.int(w.yEnd + 1, w.earlyTo);
  return rng.int(w.yStart, w.yEnd);
}

/** Own-membership ranges as day numbers, ended at death. */
function insuredRanges(person: Person): [number, number][] {
  const died = person.diedOn ? dayNumber(person.diedOn) : Infinity;
  return person.memberships
    .filter((m) => m.kind !== 'family')
    .map((m): [number, number] => {
      const to = m.validTo ? dayNumber(m.validTo) : Infinity;
      return [dayNumber(m.validFrom), Math.min(to, died)];
    });
}

function covered(ranges: [number, number][], day: number): boolean {
  for (const [from, to] of ranges) if (from <= day && day <= to) return true;
  return false;
}

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
export function writeClaims(ctx: GenContext, person: Person, rate = 1): void {
  const ranges = insuredRanges(person);
  if (ranges.length === 0) return;
  const w = window(ctx.year);
  const age = person.age;
  const spread = ctx.rng('health', person.index).logNormal(1, SPREAD_SIGMA) / SPREAD_MEAN; // this member's health, mean 1

  let rng = ctx.rng('outpatient_treatments.csv', person.index);
  const treatments: { day: number; withPrescription: boolean; category: ClaimCategory }[] = [];
  for (let i = rng.poisson(outpatientBase(age) * rate * spread); i > 0; i--) {
    const day = claimDay(rng, w);
    const category = outpatientCategory(rng, age);
    const withPrescription = rng.chance(category === 'prevention' ? 0.25 : 0.62);
    if (covered(ranges, day)) treatments.push({ day, withPrescription, category });
  }
  treatments.sort((a, b) => a.day - b.day);
  treatments.forEach((t, k) =>
    ctx.out.row('outpatient_treatments.csv', {
      claim_id: rowId('O', person.index, k, 3),
      member_id: person.memberId,
      treated_on: iso(t.day),
      with_prescription: t.withPrescription,
      category: t.category,
    }),
  );

  rng = ctx.rng('inpatient_stays.csv', person.index);
  const died = person.diedOn ? dayNumber(person.diedOn) : Infinity;
  const stays: { admitted: number; discharged: number; category: ClaimCategory }[] = [];
  for (let i = rng.poisson(inpatientBase(age) * rate * (0.5 + 0.5 * spread)); i > 0; i--) {
    const admitted = claimDay(rng, w);
    const [lo, hi] = rng.weighted(STAY_LENGTHS, STAY_LENGTH_WEIGHTS);
    const discharged = Math.max(admitted, Math.min(admitted + rng.int(lo, hi), died));
    const category = stayCategory(rng, age);
    if (covered(ranges, admitted)) stays.push({ admitted, discharged, category });
  }
  stays.sort((a, b) => a.admitted - b.admitted);
  stays.forEach((s, k) =>
    ctx.out.row('inpatient_stays.csv', {
      claim_id: rowId('S', person.index, k, 2),
      member_id: person.memberId,
      admitted_on: iso(s.admitted),
      discharged_on: iso(s.discharged),
      category: s.category,
    }),
  );
}
