/**
 * What the generator's parts share: the facts about one person a later part reads (memberships,
 * death, the tariff spans the declarations produce, the bonus participation), the context with
 * the streams (`ctx.rng(file, person.index)`) and the day-range helpers.
 */
import type { MembershipKind } from '../../jobs/tariff-settlement/types.ts';
import { dayNumber, fromDayNumber, isoDate, type IsoDate, type Validity } from '../dates.ts';
import type { DatasetOutput, Row } from './output.ts';
import { Rng } from './random.ts';

export interface MembershipFact extends Validity {
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
  thirdPartyPeriods: Validity[];
  /** contributory income of a full year in cents (before partial-year scaling) */
  fullYearIncomeCents: number;
  /** the tariff participations the declarations were meant to produce (approximate) */
  tariffSpans: Validity[];
  bonusParticipations: Validity[];
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

export const yearDays = (year: number): [number, number] => [dayNumber(isoDate(year, 1, 1)), dayNumber(isoDate(year, 12, 31))];

export class GenContext {
  readonly yStart: number;
  readonly yEnd: number;
  /** 31 March Y+1: the last day proofs of Y may arrive, the end of the claims window */
  readonly deadline: number;

  constructor(
    readonly year: number,
    readonly seed: string,
    readonly profile: GenerateProfile,
    readonly out: DatasetOutput,
  ) {
    [this.yStart, this.yEnd] = yearDays(year);
    this.deadline = dayNumber(isoDate(year + 1, 3, 31));
  }

  /** Writes a person's rows in order, each with the member id and its own id (`rowId`) in the file's key. */
  personRows(file: string, prefix: string, person: Person, rows: readonly Row[], width = 2): void {
    this.out.numbered(file, (k) => rowId(prefix, person.index, k, width), rows, { member_id: person.memberId });
  }

  /** Writes a person's periods (memberships with their kind). */
  periodRows(file: string, person: Person, periods: readonly (Validity & { kind?: MembershipKind })[]): void {
    for (const p of periods) {
      const kind = p.kind ? { kind: p.kind } : {};
      this.out.row(file, { member_id: person.memberId, valid_from: p.validFrom, valid_to: p.validTo, ...kind });
    }
  }

  /** The stream of one file (or part) and entity. */
  rng(part: string, entity: number | string): Rng {
    return Rng.derive(this.seed, part, entity);
  }
}

/** A day of Y; the share `before` in the last quarter of Y−1, `after` in Y+1 up to 31 March (other years' runs). */
export function dayAroundY(rng: Rng, y: Pick<GenContext, 'yStart' | 'yEnd' | 'deadline'>, before: number, after: number): number {
  const u = rng.next();
  if (u < before) return rng.int(y.yStart - 92, y.yStart - 1);
  return u < before + after ? rng.int(y.yEnd + 1, y.deadline) : rng.int(y.yStart, y.yEnd);
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

/** Rows in order of a date column (ISO dates sort as text); rows of one day keep their order. */
export function sortedBy(rows: Row[], column: string): Row[] {
  const text = (row: Row) => String(row[column]);
  return rows.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/** A list written as text: the words separated by blanks or line breaks. */
export const words = (text: string): string[] => text.trim().split(/\s+/);

/** A table written as text: rows split at `;`, fields at blanks; the first field text, the others numbers. */
export function table<T extends [string, ...number[]]>(text: string): T[] {
  return text
    .split(';')
    .map((row) => row.trim().split(/\s+/))
    .map(([first, ...rest]) => [first, ...rest.map(Number)] as T);
}

/** Inclusive day ranges; an open end is +Infinity. */
type Range = [from: number, to: number];
type Ranges = readonly Readonly<Range>[];

/** Periods as day ranges, ended at `cap` (the day of death); periods that end before they start are dropped. */
export function ranges(periods: readonly Validity[], cap = Infinity): Range[] {
  const all = periods.map((p): Range => [dayNumber(p.validFrom), Math.min(p.validTo ? dayNumber(p.validTo) : Infinity, cap)]);
  return all.filter(([from, to]) => to >= from);
}

/** The person's own memberships (not family insurance) as day ranges, ended at death. */
export function ownRanges(person: Person): Range[] {
  const own = person.memberships.filter((m) => m.kind !== 'family');
  return ranges(own, person.diedOn ? dayNumber(person.diedOn) : Infinity);
}

export const inRanges = (rs: Ranges, day: number): boolean => rs.some(([from, to]) => from <= day && day <= to);

/** The parts of the ranges inside [lo, hi]. */
export function clip(rs: Ranges, lo: number, hi: number): Range[] {
  return rs.map(([from, to]): Range => [Math.max(from, lo), Math.min(to, hi)]).filter(([from, to]) => to >= from);
}

export const daysIn = (rs: Ranges): number => rs.reduce((n, [from, to]) => n + to - from + 1, 0);

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

/**
 * What the § 19a parts read about one person, as day numbers, computed once per person: birth and
 * death, the days insured (family insurance included: family-insured children collect points
 * too), the bonus participation and the approximate § 18a spans the tariff part left on the person.
 */
export interface BonusContext extends Pick<GenContext, 'year' | 'yStart' | 'yEnd' | 'deadline'> {
  rng: Rng;
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

export function bonusContext(ctx: GenContext, person: Person, rng: Rng): BonusContext {
  const { year, yStart, yEnd, deadline } = ctx;
  const died = person.diedOn ? dayNumber(person.diedOn) : Infinity;
  return {
    rng,
    year,
    yStart,
    yEnd,
    deadline,
    died,
    age: person.age,
    birth: dayNumber(person.birthDate),
    family: person.memberships.every((m) => m.kind === 'family'),
    insured: ranges(person.memberships, died),
    participation: ranges(person.bonusParticipations, died),
    tariff: ranges(person.tariffSpans, died),
  };
}
