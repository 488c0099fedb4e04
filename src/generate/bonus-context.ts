/**
 * What the § 19a generators need to know about one person, as day numbers (days since
 * 1970-01-01), computed once per person: the year's bounds, birth and death, the days insured
 * (family insurance included: family-insured children collect points too), the bonus
 * participation and the approximate § 18a spans the tariff module left on the person.
 */
import { dayNumber, isoDate } from '../dates.ts';
import { type PeriodFact, type Person } from './model.ts';
import type { Rng } from './random.ts';

/** Inclusive day ranges; an open end is +Infinity. */
export type Ranges = readonly (readonly [number, number])[];

export interface BonusContext {
  rng: Rng;
  year: number;
  yStart: number;
  yEnd: number;
  /** 31 March Y+1, the last day proofs of Y may arrive */
  deadline: number;
  birth: number;
  /** day of death, +Infinity while alive */
  died: number;
  /** age on 1 July Y */
  age: number;
  family: boolean;
  insured: Ranges;
  participation: Ranges;
  tariff: Ranges;
}

function ranges(periods: readonly PeriodFact[], cap: number): [number, number][] {
  const out: [number, number][] = [];
  for (const p of periods) {
    const from = dayNumber(p.validFrom);
    const to = Math.min(p.validTo ? dayNumber(p.validTo) : Infinity, cap);
    if (to >= from) out.push([from, to]);
  }
  return out;
}

export function bonusContext(person: Person, rng: Rng, year: number): BonusContext {
  const died = person.diedOn ? dayNumber(person.diedOn) : Infinity;
  return {
    rng,
    year,
    yStart: dayNumber(isoDate(year, 1, 1)),
    yEnd: dayNumber(isoDate(year, 12, 31)),
    deadline: dayNumber(isoDate(year + 1, 3, 31)),
    birth: dayNumber(person.birthDate),
    died,
    age: person.age,
    family: person.memberships.every((m) => m.kind === 'family'),
    insured: ranges(person.memberships, died),
    participation: ranges(person.bonusParticipations, died),
    tariff: ranges(person.tariffSpans, died),
  };
}

export function inRanges(rs: Ranges, day: number): boolean {
  for (const [from, to] of rs) if (from <= day && day <= to) return true;
  return false;
}

/** The parts of the ranges inside [lo, hi]. */
export function clip(rs: Ranges, lo: number, hi: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [from, to] of rs) {
    const a = Math.max(from, lo);
    const b = Math.min(to, hi);
    if (b >= a) out.push([a, b]);
  }
  return out;
}

export function daysIn(rs: Ranges): number {
  let n = 0;
  for (const [from, to] of rs) n += to - from + 1;
  return n;
}

/** A uniform day of finite ranges (null when they hold no day). */
export function dayIn(rng: Rng, rs: Ranges): number | null {
  const total = daysIn(rs);
  if (total <= 0 || !Number.isFinite(total)) return null;
  let k = rng.int(0, total - 1);
  for (const [from, to] of rs) {
    if (k <= to - from) return from + k;
    k -= to - from + 1;
  }
  return null;
}

/** A non-negative number from hundredths as the contract writes it: `45`, `45.5`, `45.25`. */
export function decimal(hundredths: number): string {
  const n = Math.round(hundredths);
  if (n < 0) throw new RangeError(`negative measurement: ${n}`);
  const whole = Math.floor(n / 100);
  const frac = n % 100;
  if (frac === 0) return String(whole);
  return frac % 10 === 0 ? `${whole}.${frac / 10}` : `${whole}.${String(frac).padStart(2, '0')}`;
}
