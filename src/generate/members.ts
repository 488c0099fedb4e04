/**
 * The common files: members.csv, memberships.csv, third_party_periods.csv, annual_income.csv.
 * A random member is a person with an own (mandatory or voluntary) membership, aged about 15–90
 * in a fund's age structure; some members bring family-insured dependants, who appear in
 * members.csv with a `family` membership but have no income and no claims of their own.
 */
import { addMonths, addYears, dayNumber, isoDate, isLeapYear, type Validity } from '../dates.ts';
import { memberIdFor } from './ids.ts';
import { centsToMoney, clip, daysIn, iso, ranges, table, yearDays } from './model.ts';
import type { GenContext, MembershipFact, Person } from './model.ts';
import type { Rng } from './random.ts';

/** Age bands of members with an own membership (completed years on 1 July of Y) and weights. */
const AGE_BANDS = table<[string, number, number, number]>(
  'a 15 19 3; b 20 29 11; c 30 39 14; d 40 49 14; e 50 59 18; f 60 69 18; g 70 79 13; h 80 90 9',
);

/** Share of new members who joined from 2022 on (the tariff's lifetime). */
const NEW_MEMBER_SHARE = 0.22;
/** Contribution assessment ceiling per year in cents (roughly the BBG of 2025). */
const CONTRIBUTION_CEILING_CENTS = 6_615_000;
const FUND_RECORDS_FROM = dayNumber('1991-01-01');

function birthDateFor(rng: Rng, age: number, year: number): string {
  const ref = isoDate(year, 7, 1);
  const latest = dayNumber(addYears(ref, -age));
  const earliest = dayNumber(addYears(ref, -(age + 1))) + 1;
  return iso(rng.int(earliest, latest));
}

/** Probability of dying during a year, by age. */
const deathProbability = (age: number) => (age >= 85 ? 0.09 : age >= 75 ? 0.035 : age >= 65 ? 0.012 : age >= 50 ? 0.004 : 0.001);

/** Own membership periods: mostly one open-ended period, some kind switches, gaps and ends. */
function ownMemberships({ yStart, yEnd }: GenContext, rng: Rng, join: number, voluntary: boolean): MembershipFact[] {
  const kind = voluntary ? 'voluntary' : 'mandatory';
  const open: MembershipFact[] = [{ validFrom: iso(join), validTo: null, kind }];
  const recentFrom = Math.max(join + 180, dayNumber('2022-01-01'));
  const u = rng.next();
  if (u < 0.78) return open;
  if (u < 0.83) {
    // mandatory ↔ voluntary without a gap (e.g. end of employment, start of self-employment)
    if (join + 365 > yEnd - 30) return open;
    const at = rng.int(join + 365, yEnd - 30);
    const other = kind === 'mandatory' ? 'voluntary' : 'mandatory';
    return [
      { validFrom: iso(join), validTo: iso(at - 1), kind },
      { validFrom: iso(at), validTo: null, kind: other },
    ];
  }
  if (u < 0.9) {
    // an interruption: at most one month (the tariff rests) or longer (participation ends)
    if (recentFrom > yEnd - 45) return open;
    const end = rng.int(recentFrom, yEnd - 45);
    const latestShort = dayNumber(addMonths(iso(end), 1)) + 1; // end 31 Jan → start by 1 Mar
    const next = u < 0.865 ? rng.int(end + 2, latestShort) : rng.int(latestShort + 1, end + 540);
    const first: MembershipFact = { validFrom: iso(join), validTo: iso(end), kind };
    return next > yEnd ? [first] : [first, { validFrom: iso(next), validTo: null, kind }];
  }
  if (u < 0.94) {
    // leaves the fund during Y
    const end = rng.int(Math.max(join, yStart), yEnd);
    return [{ validFrom: iso(join), validTo: iso(end), kind }];
  }
  if (u < 0.95 && recentFrom < yStart - 1) {
    // left before Y (still in the extract for its declaration history)
    return [{ validFrom: iso(join), validTo: iso(rng.int(recentFrom, yStart - 1)), kind }];
  }
  return open;
}

/** Ends every period at the day of death; drops periods after it. False when not insured then. */
function applyDeath(memberships: MembershipFact[], died: string): boolean {
  const covering = memberships.find((m) => m.validFrom <= died && (m.validTo === null || died <= m.validTo));
  if (!covering || covering.kind === 'family') return false;
  covering.validTo = died;
  for (let i = memberships.length - 1; i >= 0; i--) {
    if (memberships[i]!.validFrom > died) memberships.splice(i, 1);
  }
  return true;
}

/** Periods with contributions fully borne by third parties, inside own mandatory memberships, not
 *  overlapping: label, ages, chance, shortest and longest length in days (unemployment benefit
 *  sometimes twice). */
const THIRD_PARTY = table<[string, number, number, number, number, number]>(
  'unemployed 20 63 0.035 30 365; low-paid-apprentice 0 19 0.05 300 400; voluntary-service 18 26 0.01 360 366',
);

function thirdPartyPeriods({ year, yEnd }: GenContext, rng: Rng, age: number, memberships: MembershipFact[]): Validity[] {
  const cause = THIRD_PARTY.find(([, minAge, maxAge, chance]) => age >= minAge && age <= maxAge && rng.chance(chance));
  if (!cause) return [];
  const [label, , , , shortest, longest] = cause;
  const count = label === 'unemployed' && rng.chance(0.2) ? 2 : 1;
  const periods: Validity[] = [];
  let cursor = dayNumber(isoDate(year - 2, 1, 1));
  for (let k = 0; k < count && cursor < yEnd - 20; k++) {
    const start = rng.int(cursor, yEnd - 20);
    const host = memberships.find(
      (m) => m.kind === 'mandatory' && dayNumber(m.validFrom) <= start && (m.validTo === null || start <= dayNumber(m.validTo)),
    );
    if (!host) continue;
    const openEnded = host.validTo === null && k === count - 1 && rng.chance(0.15);
    let end = start + rng.int(shortest, longest) - 1;
    if (host.validTo !== null) end = Math.min(end, dayNumber(host.validTo));
    periods.push({ validFrom: iso(start), validTo: openEnded ? null : iso(end) });
    cursor = end + 30;
  }
  return periods;
}

function fullYearIncomeEuros(rng: Rng, age: number, voluntary: boolean): number {
  let euros: number;
  if (age >= 67) {
    euros = rng.logNormal(16000, 0.3);
    if (rng.chance(0.1)) euros += rng.logNormal(12000, 0.5); // company pension, side job
  } else if (age < 20) {
    euros = rng.real(9000, 17000);
  } else if (age < 25) {
    euros = rng.logNormal(25000, 0.35);
  } else if (voluntary) {
    euros = rng.logNormal(52000, 0.4);
  } else {
    euros = rng.logNormal(37000, 0.38);
  }
  return Math.min(92000, Math.max(10000, euros));
}

/** annual_income.csv rows of Y and Y−1 (insured share of the year, contributions 7–9 %); some
 *  missing or with an empty field (INCOME_MISSING, CONTRIBUTIONS_MISSING). */
function writeIncomes(ctx: GenContext, person: Person): void {
  const rng = ctx.rng('annual_income.csv', person.index);
  const own = person.memberships.filter((m) => m.kind !== 'family');
  for (const y of [ctx.year - 1, ctx.year]) {
    const [lo, hi] = yearDays(y);
    const ownDays = daysIn(clip(ranges(own), lo, hi));
    if (ownDays === 0) continue;
    const thirdPartyDays = daysIn(clip(ranges(person.thirdPartyPeriods), lo, hi));
    const share = ownDays / (isLeapYear(y) ? 366 : 365);
    const growth = y === ctx.year ? 1 : 1 / rng.real(1.01, 1.06);
    const incomeCents = Math.round(person.fullYearIncomeCents * growth * share);
    const base = Math.min(incomeCents, CONTRIBUTION_CEILING_CENTS * share);
    let contributionCents = Math.round(base * rng.real(0.07, 0.09) * Math.max(0, 1 - thirdPartyDays / ownDays));
    if (rng.chance(0.015)) contributionCents = rng.int(10_000, 50_000); // Übergangsbereich: the cap bites
    let income: string | null = centsToMoney(incomeCents);
    let contributions: string | null = centsToMoney(contributionCents);
    const u = rng.next();
    const missingRate = y === ctx.year ? 1 : 0.3;
    if (u < 0.012 * missingRate) continue; // no row: INCOME_MISSING
    if (u < 0.017 * missingRate) income = null;
    else if (u < 0.022 * missingRate) contributions = null;
    const row = { member_id: person.memberId, year: y, contributory_income: income, member_contributions: contributions };
    ctx.out.row('annual_income.csv', row);
  }
}

function person(index: number, age: number, birthDate: string, memberships: MembershipFact[]): Person {
  const empty = { thirdPartyPeriods: [], tariffSpans: [], bonusParticipations: [], fullYearIncomeCents: 0 };
  return { index, memberId: memberIdFor(index), birthDate, diedOn: null, age, memberships, ...empty };
}

/**
 * A random member (with own membership) and the family-insured dependants they bring, with
 * their rows of the common files written. `nextIndex` hands out person numbers.
 */
export function createPeople(ctx: GenContext, nextIndex: () => number): Person[] {
  const { year, yStart, yEnd } = ctx;
  const index = nextIndex();
  const rng = ctx.rng('members.csv', index);
  const [, lo, hi] = rng.weightedRow(AGE_BANDS);
  const age = rng.int(lo, hi);
  const birth = birthDateFor(rng, age, year);
  const earliestJoin = Math.max(dayNumber(addYears(birth, 15)), FUND_RECORDS_FROM);
  const join =
    rng.chance(NEW_MEMBER_SHARE) || earliestJoin > dayNumber('2021-12-31')
      ? rng.int(Math.max(earliestJoin, dayNumber('2022-01-01')), yEnd - 31)
      : rng.int(earliestJoin, dayNumber('2021-12-31'));
  const voluntary = rng.chance(age >= 65 ? 0.06 : age >= 20 ? 0.12 : 0.02);
  const main = person(index, age, birth, ownMemberships(ctx, rng, join, voluntary));
  if (age <= 26 && rng.chance(0.3)) {
    const from = Math.max(dayNumber(birth), FUND_RECORDS_FROM);
    if (join - 1 >= from) main.memberships.unshift({ validFrom: iso(from), validTo: iso(join - 1), kind: 'family' });
  }
  if (rng.chance(deathProbability(age))) {
    const died = iso(rng.int(yStart, yEnd));
    if (applyDeath(main.memberships, died)) main.diedOn = died;
  }
  main.fullYearIncomeCents = Math.round(fullYearIncomeEuros(rng, age, voluntary) * 100);
  main.thirdPartyPeriods = thirdPartyPeriods(ctx, ctx.rng('third_party_periods.csv', index), age, main.memberships);

  const people = [main];
  const ownFrom = main.memberships.find((m) => m.kind !== 'family')!.validFrom;
  const dependant = (age: number) => {
    const birth = birthDateFor(rng, age, year);
    people.push(person(nextIndex(), age, birth, [{ validFrom: ownFrom > birth ? ownFrom : birth, validTo: null, kind: 'family' }]));
  };
  if (age >= 25 && age <= 55 && main.diedOn === null && rng.chance(0.12)) {
    for (let c = rng.int(1, 2); c > 0; c--) dependant(rng.int(0, Math.min(20, age - 19)));
  } else if (age >= 60 && main.diedOn === null && rng.chance(0.03)) {
    dependant(Math.min(90, Math.max(50, age + rng.int(-5, 5))));
  }
  for (const p of people) {
    ctx.out.row('members.csv', { member_id: p.memberId, birth_date: p.birthDate, died_on: p.diedOn });
    ctx.periodRows('memberships.csv', p, p.memberships);
    ctx.periodRows('third_party_periods.csv', p, p.thirdPartyPeriods);
  }
  writeIncomes(ctx, main);
  return people;
}
