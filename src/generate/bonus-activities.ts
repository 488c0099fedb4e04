/**
 * bonus_activities.csv and bonus_goals.csv rows of one person (§ 19a Abs. 4 and 5).
 *
 * Activities are the app's records: many per participant and skewed (most people few, some
 * nearly every day, some several a day, so DAILY_LIMIT and MONTHLY_LIMIT occur), each with its
 * own nullable measurements of up to 2 decimals. About half qualify — by kcal and duration, by
 * heart rate and duration, or by steps — and a few sit exactly on a threshold. A few are dated
 * outside the participation (NOT_PARTICIPANT, NOT_INSURED after leaving the fund).
 *
 * Goals mostly run one after another; some overlap the previous one or start on its last day
 * (GOAL_OVERLAP), some take more than 90 days, some end below 80 % of their challenges, and keen
 * participants complete more than four a year (GOAL_YEAR_LIMIT).
 */
import { clip, dayIn, daysIn, iso, table, type BonusContext } from './model.ts';
import type { Row } from './output.ts';
import type { Rng } from './random.ts';

/** Median activities per year of an app user (log-normal, sigma 1); with the near-daily
 *  trainers below about 15 per participant. */
const ACTIVITY_MEDIAN = 12.5;
/** Share of app users who train nearly every day, mostly enough to qualify: they hit the limit
 *  of 15 a month (MONTHLY_LIMIT), which random records alone rarely do. */
const DAILY_TRAINER_SHARE = 0.02;
const MAX_ACTIVITIES = 700;

/** Measurements in hundredths (null: not recorded): duration_min, kcal, avg_heart_rate, steps. */
type Values = [number | null, number | null, number | null, number | null];

/** Records exactly on (or a hundredth below) a threshold, and worked example 5's non-qualifier. */
const BOUNDARY_VALUES: readonly Values[] = [
  [3000, 15000, null, null], // 30 min, 150 kcal: qualifies
  [2999, 15000, null, null], // 29.99 min: does not
  [3000, 14999, null, null], // 149.99 kcal: does not
  [3000, null, 12000, null], // 120 bpm over 30 min: qualifies
  [3000, null, 11999, null], // 119.99 bpm: does not
  [null, null, null, 1_000_000], // 10,000 steps need no duration: qualifies
  [null, null, null, 999_999], // 9,999.99 steps: does not
  [2500, 20000, null, 800_000], // 25 min, 200 kcal, 8,000 steps: does not
  [null, 40000, 14000, null], // no duration: neither kcal nor heart rate can qualify
  [null, null, null, null], // nothing recorded
];

/** Hundredths of a value as an app records it: mostly whole, else with 1 or 2 decimals. */
function measured(rng: Rng, value: number, wholeShare = 0.6): number {
  const u = rng.next();
  if (u < wholeShare) return Math.round(value) * 100;
  if (u < wholeShare + (1 - wholeShare) / 2) return Math.round(value * 10) * 10;
  return Math.round(value * 100);
}

type Kinds = [kind: 'steps' | 'walk' | 'run' | 'cycle' | 'workout' | 'manual', weight: number][];
const KINDS: Kinds = table('steps 25; walk 20; run 15; cycle 13; workout 22; manual 5');
const DAILY_TRAINER_KINDS: Kinds = table('run 45; cycle 35; workout 20');

function activityValues(rng: Rng, kinds: Kinds): Values {
  if (rng.chance(0.03)) return rng.pick(BOUNDARY_VALUES);
  const maybe = (p: number, value: () => number) => (rng.chance(p) ? measured(rng, value()) : null);
  const [kind] = rng.weightedRow(kinds);
  switch (kind) {
    case 'steps': // a tracker's count of the day: steps only
      return [null, null, null, measured(rng, rng.logNormal(8000, 0.45), 0.97)];
    case 'walk': {
      const steps = rng.logNormal(5000, 0.5);
      return [
        measured(rng, steps / rng.real(95, 115)),
        maybe(0.5, () => steps * rng.real(0.035, 0.05)),
        maybe(0.35, () => rng.real(85, 118)),
        measured(rng, steps, 0.97),
      ];
    }
    case 'run': {
      const minutes = rng.real(12, 75);
      return [
        measured(rng, minutes),
        maybe(0.75, () => minutes * rng.real(8, 12)),
        maybe(0.85, () => rng.real(115, 170)),
        rng.chance(0.5) ? measured(rng, minutes * rng.real(140, 175), 0.97) : null,
      ];
    }
    case 'cycle': {
      const minutes = rng.real(15, 150);
      return [measured(rng, minutes), maybe(0.7, () => minutes * rng.real(4, 9)), maybe(0.7, () => rng.real(95, 155)), null];
    }
    case 'workout': {
      const minutes = rng.real(8, 75);
      return [measured(rng, minutes), maybe(0.4, () => minutes * rng.real(3, 8)), maybe(0.75, () => rng.real(95, 155)), null];
    }
    case 'manual': // typed in by hand: a duration at most
      return [maybe(0.8, () => rng.real(5, 120)), null, null, null];
  }
}

/** A non-negative number from hundredths as the contract writes it: `45`, `45.5`, `45.25` (the
 *  shortest text of n / 100 is exactly its ≤ 2 decimals). */
function decimal(hundredths: number): string {
  const n = Math.round(hundredths);
  if (n < 0) throw new RangeError(`negative measurement: ${n}`);
  return String(n / 100);
}

/** A bonus_activities.csv row without its ids: measurements as decimal strings (≤ 2 decimals), null = empty. */
function activity(rng: Rng, day: number, kinds: Kinds): Row {
  const [duration, kcal, heartRate, steps] = activityValues(rng, kinds);
  const text = (v: number | null) => (v === null ? null : decimal(v));
  return { activity_on: iso(day), duration_min: text(duration), kcal: text(kcal), avg_heart_rate: text(heartRate), steps: text(steps) };
}

/**
 * A participant's activities of Y in date order (ids follow it); `stray`: a non-participant who
 * tried the app (a few records, all NOT_PARTICIPANT or NOT_INSURED).
 */
export function generateActivities(c: BonusContext, stray: boolean): Row[] {
  const { rng } = c;
  const lastDay = Math.min(c.yEnd, c.died);
  if (lastDay < c.yStart) return [];
  const days: number[] = [];
  let kinds = KINDS;
  if (stray) {
    for (let k = rng.int(1, 5); k > 0; k--) days.push(rng.int(c.yStart, lastDay));
  } else {
    const participating = clip(c.participation, c.yStart, lastDay);
    const share = daysIn(participating) / (c.yEnd - c.yStart + 1);
    if (share === 0 || !rng.chance(c.age < 70 ? 0.7 : 0.45)) return [];
    const daily = rng.chance(DAILY_TRAINER_SHARE);
    if (daily) kinds = DAILY_TRAINER_KINDS;
    const perYear = daily ? rng.int(300, 420) : rng.logNormal(ACTIVITY_MEDIAN, 1);
    const count = Math.min(MAX_ACTIVITIES, Math.round(perYear * share));
    for (let k = 0; k < count; k++) {
      const day = rng.chance(0.04) ? rng.int(c.yStart, lastDay) : dayIn(rng, participating)!;
      days.push(day);
      if (rng.chance(0.08)) days.push(day); // a walk and a workout on one day: DAILY_LIMIT
    }
  }
  days.sort((a, b) => a - b);
  return days.map((day) => activity(rng, day, kinds));
}

/** challenges_total and challenges_done: mostly ≥ 80 % (the keen nearly always), some exactly
 *  80 %, some just below. */
function challenges(rng: Rng, keen: boolean): [number, number] {
  let total = rng.int(4, 30);
  const atLeast = Math.ceil((total * 4) / 5); // integer arithmetic: no 0.8 rounding surprises
  const u = rng.next();
  if (u < (keen ? 0.92 : 0.7)) return [total, rng.int(atLeast, total)];
  if (u < 0.78) {
    total = 5 * rng.int(1, 6);
    return [total, (total / 5) * 4];
  }
  if (u < 0.86) return [total, atLeast - 1];
  return [total, rng.int(0, atLeast - 1)];
}

/** Days from started_on to completed_on, inclusive (90 is the last that counts): label, shortest, longest, weight. */
type Lengths = [string, number, number, number];
const GOAL_LENGTHS = table<Lengths>('short 21 60 50; medium 61 89 33; limit 90 90 5; over 91 91 4; long 92 130 8');
/** Who sets five or six goals a year takes short ones: more than four complete (GOAL_YEAR_LIMIT). */
const SHORT_GOAL_LENGTHS = table<Lengths>('short 21 45 85; medium 46 70 15');

/** A participant's completed goals around Y (0–6), in order of start (ids follow it). */
export function generateGoals(c: BonusContext): Row[] {
  const { rng } = c;
  const participating = clip(c.participation, c.yStart - 120, Math.min(c.yEnd, c.died));
  if (participating.length === 0 || !rng.chance(0.25)) return [];
  const wanted = rng.weighted([1, 2, 3, 4, 5, 6], [30, 25, 18, 12, 9, 6]);
  const keen = wanted >= 5;
  const firstDay = participating[0]![0];
  const earliest = Math.max(firstDay, keen ? c.yStart - 20 : c.yStart - 60);
  // 5 % started their first goal a little before they joined the programme: NOT_PARTICIPANT
  let start = rng.chance(0.05) ? firstDay - rng.int(1, 30) : earliest + rng.int(0, keen ? 40 : 100);
  const lastCompletion = Math.min(c.yEnd + 20, c.died);
  const goals: Row[] = [];
  for (let k = 0; k < wanted; k++) {
    const [, lo, hi] = rng.weightedRow(keen ? SHORT_GOAL_LENGTHS : GOAL_LENGTHS);
    const end = start + rng.int(lo, hi) - 1;
    if (end > lastCompletion) break; // still running when the extract was taken
    const [total, done] = challenges(rng, keen);
    goals.push({ started_on: iso(start), completed_on: iso(end), challenges_total: total, challenges_done: done });
    // the next overlaps this one or starts on the day it ends (still an overlap); the keen plan their goals one after another
    const u = rng.next() * (keen ? 4 : 1);
    start = u < 0.1 ? rng.int(start + 1, end) : u < 0.13 ? end : end + rng.int(1, 30);
  }
  return goals;
}
