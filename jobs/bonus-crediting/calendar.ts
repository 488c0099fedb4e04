/**
 * The day-level facts every § 19a check asks about one member: insured, bonus participant, under
 * an abuse exclusion, on a § 18a participation day. Built once per member; the § 18a days come
 * from the § 18a timeline itself (rules-18a-tariff.md), so both jobs agree on them.
 */
import { contains, rangeOf, type IsoDate, type Validity } from '../../src/dates.ts';
import { tariffParticipationDays } from '../tariff-settlement/timeline.ts';
import type { BonusFacts } from './types.ts';

export interface MemberCalendar {
  /** any insurance period, family insurance included, and not after died_on */
  isInsured(date: IsoDate): boolean;
  /** inside a bonus participation period */
  isParticipant(date: IsoDate): boolean;
  /** inside an abuse exclusion (§ 19a Abs. 8) */
  isExcluded(date: IsoDate): boolean;
  /** a § 18a participation day (resting days are not, § 19a Abs. 9) */
  isTariffDay(date: IsoDate): boolean;
}

function within(periods: readonly Validity[]): (date: IsoDate) => boolean {
  // A member has a handful of periods: a linear scan beats building ranges.
  const ranges = periods.map(rangeOf);
  return (date) => ranges.some((r) => contains(r, date));
}

export function memberCalendar(facts: BonusFacts): MemberCalendar {
  const insured = within(facts.memberships);
  const diedOn = facts.diedOn;
  return {
    // Insurance ends on died_on: that day is still insured, the next is not.
    isInsured: (date) => (diedOn === null || date <= diedOn) && insured(date),
    isParticipant: within(facts.participations),
    isExcluded: within(facts.exclusions),
    isTariffDay: tariffParticipationDays(facts).isParticipationDay,
  };
}
