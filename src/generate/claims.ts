/**
 * Claims of a random member for outpatient_treatments.csv and inpatient_stays.csv: about ten
 * per member on average, skewed (many members with few, some with many), more with age; dated
 * mostly in Y, a small share in the last quarter of Y−1 or the first of Y+1, only on days the
 * member is insured with the fund and alive.
 */
import { dayNumber } from '../dates.ts';
import type { ClaimCategory } from '../../jobs/tariff-settlement/types.ts';
import { inRanges, iso, ownRanges, sortedBy, table, type GenContext, type Person } from './model.ts';
import type { Row } from './output.ts';
import type { Rng } from './random.ts';

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
function claimDay(rng: Rng, ctx: GenContext): number {
  const u = rng.next();
  if (u < 0.025) return rng.int(ctx.yStart - 92, ctx.yStart - 1);
  if (u < 0.05) return rng.int(ctx.yEnd + 1, ctx.deadline);
  return rng.int(ctx.yStart, ctx.yEnd);
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
