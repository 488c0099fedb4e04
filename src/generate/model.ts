/**
 * What the generator's parts share about one person: the facts a later part reads (memberships,
 * death, the tariff spans the declarations produce, the bonus participation). Every part writes
 * its own rows straight to the files and draws from its own stream per file and person
 * (`ctx.rng(file, person.index)`), so a part added or changed never moves another file's rows.
 */
import type { MembershipKind } from '../../jobs/tariff-settlement/types.ts';
import { fromDayNumber, type IsoDate } from '../dates.ts';
import type { DatasetOutput } from './output.ts';
import { Rng } from './random.ts';

export interface PeriodFact {
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface MembershipFact extends PeriodFact {
  kind: MembershipKind;
}

export interface Person {
  /** running number: the member id and the streams derive from it */
  index: number;
  memberId: string;
  birthDate: IsoDate;
  diedOn: IsoDate | null;
  /** completed years of age on 1 July of Y */
  age: number;
  memberships: MembershipFact[];
  thirdPartyPeriods: PeriodFact[];
  /** contributory income of a full year in cents (before partial-year scaling) */
  fullYearIncomeCents: number;
  /** the tariff participations the declarations were meant to produce (approximate) */
  tariffSpans: PeriodFact[];
  bonusParticipations: PeriodFact[];
}

/**
 * `default`: the § 18a tariff's population extract (most members in the tariff, ~10 claims each).
 * `bonus-bench`: a bonus-programme population for the benchmark — few tariff members, almost
 * everyone else in the programme, a tenth of the claims.
 */
export type GenerateProfile = 'default' | 'bonus-bench';

export const PROFILE_SHARES: Record<GenerateProfile, { tariff: number; bonus: number; claims: number }> = {
  default: { tariff: 0.7, bonus: 0.4, claims: 1 },
  'bonus-bench': { tariff: 0.05, bonus: 0.97, claims: 0.1 },
};

export class GenContext {
  constructor(
    readonly year: number,
    readonly seed: string,
    readonly profile: GenerateProfile,
    readonly out: DatasetOutput,
  ) {}

  /** The stream of one file (or part) and entity. */
  rng(part: string, entity: number | string): Rng {
    return Rng.derive(this.seed, part, entity);
  }
}

/** Money string with 2 decimals from integer cents (no binary floating point in the text). */
export function centsToMoney(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('not integer cents');
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const ISO_CACHE_FROM = -25567; // 1900-01-01
const isoCache: (IsoDate | undefined)[] = new Array<IsoDate | undefined>(73414); // up to 2100-12-31

/** ISO date of a day number, cached (claims need millions of conversions). */
export function iso(day: number): IsoDate {
  const slot = day - ISO_CACHE_FROM;
  if (slot < 0 || slot >= isoCache.length) return fromDayNumber(day);
  return (isoCache[slot] ??= fromDayNumber(day));
}

/** An id of an entity's k-th row, e.g. `D17-03`: ordered by k within the entity, unique in the file. */
export function rowId(prefix: string, entity: number, k: number, width = 2): string {
  return `${prefix}${entity}-${String(k).padStart(width, '0')}`;
}

/** A table written as text: rows split at `;`, fields at blanks; the first field text, the others numbers. */
export function table<T extends [string, ...number[]]>(text: string): T[] {
  return text
    .split(';')
    .map((row) => row.trim().split(/\s+/))
    .map(([first, ...rest]) => [first, ...rest.map(Number)] as T);
}
