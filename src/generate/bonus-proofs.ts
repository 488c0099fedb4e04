/**
 * bonus_proofs.csv rows of one person (§ 19a Abs. 2, 3, 6). Children's exams follow the birth
 * date (U1–U11 with U7a, NEWBORN_HEARING, early dental screening, J1/J2), minors' dental
 * check-ups come per half-year, adults' measures by age and by how keen the person is. What the
 * crediting must reject occurs at plausible rates: U1–U3 sets split over Y−1 and Y or left
 * incomplete, minors' check-ups in one half-year only, second proofs of once-a-year codes, the
 * same proof sent twice (app and paper), travel vaccinations, paper bundles that arrive after
 * 31 March Y+1, proofs of days without insurance. Measure codes are always codes of the points
 * table: the import checks them.
 */
import { dayNumber, isoDate } from '../dates.ts';
import { clip, dayAroundY, dayIn, inRanges, iso, table, words, type BonusContext } from './model.ts';
import type { Row } from './output.ts';

type Raw = { code: string; day: number };

/** Child exams with their age window in days after birth (Kinder- and Jugend-Richtlinie). */
const CHILD_EXAMS = table<[string, number, number]>(
  'CHILD_U1 0 0; NEWBORN_HEARING 0 3; CHILD_U2 3 10; CHILD_U3 28 35; CHILD_U4 90 120; CHILD_U5 180 210; CHILD_U6 300 365; ' +
    'CHILD_U7 630 730; CHILD_U7A 1020 1095; CHILD_U8 1400 1460; CHILD_U9 1825 1950; CHILD_U10 2555 2920; CHILD_U11 3285 3650; ' +
    'YOUTH_J1 4380 5110; YOUTH_J2 5840 6205',
);

/** code, ages (on 1 July Y), chance per year before the keenness factor, chance of more proofs. */
// DENTAL_CHECKUP twice a year is common (the second is FREQUENCY_LIMIT); donors give blood several
// times a year; VACCINATION_TRAVEL is never bonified.
const ADULT_MEASURES = table<[string, number, number, number, number]>(
  'HEALTH_CHECKUP 18 34 0.1 0.03; HEALTH_CHECKUP 35 120 0.35 0.03; CANCER_SCREENING 20 44 0.12 0.02; ' +
    'CANCER_SCREENING 45 120 0.3 0.02; DENTAL_CHECKUP 18 120 0.65 0.35; ' +
    'PROFESSIONAL_CLEANING 18 120 0.35 0.1; SKIN_CHECK 35 120 0.12 0.01; PREGNANCY_CHECKUP 18 42 0.04 0.3; ' +
    'NON_SMOKING_COURSE 18 80 0.01 0; FITNESS_EXAM 18 70 0.01 0; SPORTS_MEDICAL_EXAM 18 75 0.02 0; ' +
    'SPORTS_EVENT 18 75 0.05 0.2; SPORTS_BADGE 18 80 0.02 0; SPORTS_CLUB 18 85 0.15 0.05; ' +
    'GYM_MEMBERSHIP 18 80 0.15 0.05; FITNESS_TRACKER 18 80 0.05 0.02; BONE_MARROW_TYPING 18 45 0.005 0; ' +
    'BLOOD_DONATION 18 68 0.04 0.6; VACCINATION_EXTRA 18 120 0.04 0.1; VACCINATION_TRAVEL 18 80 0.04 0.3',
);

/** What a non-participant sends now and then (handing in proofs counts as taking part). */
const OCCASIONAL = words(`DENTAL_CHECKUP VACCINATION HEALTH_CHECKUP PROFESSIONAL_CLEANING GYM_MEMBERSHIP SPORTS_CLUB
  CANCER_SCREENING VACCINATION_TRAVEL`);

/** A day in Y; 4 % in the last quarter of Y−1 and 2 % in the first of Y+1. */
const measureDay = (c: BonusContext) => dayAroundY(c.rng, c, 0.04, 0.02);

function childMeasures(c: BonusContext): Raw[] {
  const { rng } = c;
  const raw: Raw[] = [];
  for (const [code, lo, hi] of CHILD_EXAMS) {
    const day = c.birth + rng.int(lo, hi);
    if (day > c.deadline) continue; // not due yet
    const newborn = hi <= 35; // exams of the first weeks: their proofs of Y−1 still matter (the U1–U3 set spans the years)
    if (day < c.yStart && !(newborn && day >= c.yStart - 366) && !(day >= c.yStart - 92 && rng.chance(0.2))) continue;
    if (day > c.yEnd && !rng.chance(0.5)) continue; // next year's exam, proof already sent
    if (rng.chance(newborn ? 0.05 : 0.1)) continue; // missed, or never sent: incomplete U1–U3 sets
    raw.push({ code, day });
  }
  const earlyDental = clip([[c.birth + 183, c.birth + 2190]], c.yStart, c.yEnd);
  if (earlyDental.length > 0 && rng.chance(0.6)) {
    const times = rng.chance(0.1) ? 2 : 1;
    for (let k = 0; k < times; k++) raw.push({ code: 'CHILD_DENTAL_EARLY', day: dayIn(rng, earlyDental)! });
  }
  if (c.age >= 3 && c.age <= 17) raw.push(...minorsDental(c));
  const vaccinations = rng.poisson(c.age < 2 ? 2.2 : 0.45);
  for (let k = 0; k < vaccinations; k++) raw.push({ code: 'VACCINATION', day: rng.int(c.yStart, c.yEnd) });
  if (c.age >= 10 && rng.chance(0.12)) raw.push({ code: 'PROFESSIONAL_CLEANING', day: measureDay(c) }); // braces
  if (c.age >= 6 && rng.chance(0.25)) raw.push({ code: 'SPORTS_CLUB', day: measureDay(c) });
  if (c.age >= 8 && rng.chance(0.05)) raw.push({ code: 'SPORTS_BADGE', day: measureDay(c) });
  return raw;
}

/** A minor's dental check-ups by half-year (1: January–June, 2: July–December, x: either; - none)
 *  and weights. Under 18 a check-up counts only with one in each half-year (some exactly on
 *  30 June or 1 July); one half-year alone, or both in one half, is INCOMPLETE_SET. */
const MINOR_DENTAL = table<[string, number]>('12 55; 1 12; 2 10; 11 10; 12x 8; - 5');

function minorsDental(c: BonusContext): Raw[] {
  const { rng } = c;
  const mid = dayNumber(isoDate(c.year, 7, 1));
  const [halves] = rng.weightedRow(MINOR_DENTAL);
  return [...halves.replace('-', '')].map((half) => {
    const first = half === '1' || (half === 'x' && rng.chance(0.5));
    const day = first ? (rng.chance(0.03) ? mid - 1 : rng.int(c.yStart, mid - 1)) : rng.chance(0.03) ? mid : rng.int(mid, c.yEnd);
    return { code: 'DENTAL_CHECKUP', day };
  });
}

function adultMeasures(c: BonusContext, keenness: number): Raw[] {
  const { rng } = c;
  const raw: Raw[] = [];
  const vaccinations = rng.poisson(0.9 * keenness);
  for (let k = 0; k < vaccinations; k++) {
    // flu season: most vaccinations from September
    const day = rng.chance(0.6) ? rng.int(dayNumber(isoDate(c.year, 9, 1)), c.yEnd) : measureDay(c);
    raw.push({ code: 'VACCINATION', day });
  }
  for (const [code, minAge, maxAge, chance, more] of ADULT_MEASURES) {
    if (c.age < minAge || c.age > maxAge || !rng.chance(Math.min(0.95, chance * keenness))) continue;
    raw.push({ code, day: measureDay(c) });
    for (let k = 0; k < 3 && rng.chance(more); k++) raw.push({ code, day: measureDay(c) });
  }
  return raw;
}

function occasionalMeasures(c: BonusContext): Raw[] {
  const count = c.rng.weighted([1, 2, 3], [60, 30, 10]);
  return Array.from({ length: count }, () => ({ code: c.rng.pick(OCCASIONAL), day: measureDay(c) }));
}

/** When the person's paper proofs of Y arrive: many collect them and send one bundle early in
 *  Y+1, some exactly on 31 March, a few too late (1 April or later); null: sent one by one. */
function paperBundleDay(c: BonusContext): number | null {
  const u = c.rng.next();
  if (u < 0.03) return c.rng.chance(0.25) ? c.deadline + 1 : c.rng.int(c.deadline + 1, c.deadline + 30);
  if (u < 0.05) return c.deadline;
  if (u < 0.45) return c.rng.int(c.yEnd + 2, c.deadline);
  return null;
}

/** The extract is taken at the end of April Y+1: proofs arriving later are not in it. */
const EXTRACT_AFTER_DEADLINE_DAYS = 30;

/**
 * The person's proofs in receipt order (proof ids follow it). `kind`: a regular collector (by
 * age: children's exams or adults' measures) or an occasional sender of one to three proofs;
 * `appShare`: the share of proofs sent through the app.
 */
export function generateProofs(c: BonusContext, kind: 'regular' | 'occasional', keenness: number, appShare: number): Row[] {
  const { rng } = c;
  const raw = kind === 'occasional' ? occasionalMeasures(c) : c.age < 18 ? childMeasures(c) : adultMeasures(c, keenness);
  const bundle = paperBundleDay(c);
  const cutoff = c.deadline + EXTRACT_AFTER_DEADLINE_DAYS;
  const proofs: { day: number; received: number; row: Row }[] = [];
  const add = (code: string, day: number, channel: 'app' | 'paper') => {
    let received: number;
    if (channel === 'app') received = day + (rng.chance(0.85) ? rng.int(0, 10) : rng.int(11, 75));
    else if (bundle !== null && day >= c.yStart && day <= c.yEnd) received = Math.max(bundle, day);
    else received = day + rng.int(3, 100);
    if (rng.chance(0.007)) received = day + rng.int(200, 420); // found in a drawer long after
    if (received > cutoff) return;
    proofs.push({ day, received, row: { measure_code: code, performed_on: iso(day), received_on: iso(received), channel } });
  };
  for (const { code, day } of raw) {
    if (day < c.birth || day > c.died) continue;
    // a few proofs of days without insurance (NOT_INSURED), e.g. after leaving the fund
    if (!inRanges(c.insured, day) && !rng.chance(0.08)) continue;
    const channel = rng.chance(appShare) ? 'app' : 'paper';
    add(code, day, channel);
    // the same proof twice (same code and date), often once by app and once on paper: DUPLICATE
    if (rng.chance(0.012)) add(code, day, rng.chance(0.6) ? (channel === 'app' ? 'paper' : 'app') : channel);
  }
  proofs.sort((a, b) => a.received - b.received || a.day - b.day);
  return proofs.map((p) => p.row);
}
