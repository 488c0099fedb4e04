/**
 * The day-level facts every § 19a check asks about one member: insured, bonus participant, under
 * an abuse exclusion, on a § 18a participation day. Built once per member; the § 18a days come
 * from the § 18a timeline itself (rules-18a-tariff.md), so both jobs agree on them.
 */
import type { IsoDate, Validity } from '../../src/dates.ts';
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
  // A member has a handful of periods: a linear scan over the rows themselves, no range object
  // per period (ISO dates compare as text; a null valid_to is open-ended).
  return (date) => {
    for (const p of periods) if (p.validFrom <= date && (p.validTo === null || date <= p.validTo)) return true;
    return false;
  };
}

const noDay = (): boolean => false;

export function memberCalendar(facts: BonusFacts): MemberCalendar {
  const insured = within(facts.memberships);
  const diedOn = facts.diedOn;
  return {
    // Insurance ends on died_on: that day is still insured, the next is not.
    isInsured: (date) => (diedOn === null || date <= diedOn) && insured(date),
    isParticipant: within(facts.participations),
    isExcluded: within(facts.exclusions),
    // § 18a participation only ever starts with an enrol declaration: most members have none,
    // and need no timeline derived (its periods, blocks and normalised ranges) to say so.
    isTariffDay: facts.declarations.length === 0 ? noDay : tariffParticipationDays(facts).isParticipationDay,
  };
}
