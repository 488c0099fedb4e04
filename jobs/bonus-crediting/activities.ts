/**
 * § 19a Abs. 4: app activities of year Y, 50 points each (rules-19a-bonus.md, "App activities").
 * Taken in order of date, then activity_id; the first failing check is the reason; the daily and
 * monthly limits count only activities credited before.
 */
import { ageOn, monthKey, parts, type IsoDate } from '../../src/dates.ts';
import type { MemberCalendar } from './calendar.ts';
import { compareActivities, meetsActivityThreshold } from './decisions.ts';
import type { Activity, BonusFacts, BonusParams, BonusReason } from './types.ts';

export interface ActivityVerdict {
  activity: Activity;
  points: number;
  reason: BonusReason | null;
}

/** The checks that judge an activity alone, in the specification's order. */
function ownReason(a: Activity, birthDate: IsoDate, calendar: MemberCalendar, params: BonusParams): BonusReason | null {
  const on = a.activityOn;
  if (!calendar.isInsured(on)) return 'NOT_INSURED';
  if (!calendar.isParticipant(on)) return 'NOT_PARTICIPANT';
  if (ageOn(birthDate, on) < params.activityMinAge) return 'AGE_REQUIREMENT';
  if (calendar.isExcluded(on)) return 'EXCLUDED';
  if (calendar.isTariffDay(on)) return 'TARIFF_18A_OVERLAP';
  if (!meetsActivityThreshold(a, params)) return 'ACTIVITY_THRESHOLD_NOT_MET';
  return null;
}

export function judgeActivities(facts: BonusFacts, year: number, calendar: MemberCalendar, params: BonusParams): ActivityVerdict[] {
  const ofYear = facts.activities.filter((a) => parts(a.activityOn).year === year).sort(compareActivities);
  const creditedDays = new Set<IsoDate>();
  const creditedPerMonth = new Map<string, number>();
  return ofYear.map((a) => {
    let reason = ownReason(a, facts.birthDate, calendar, params);
    const month = monthKey(a.activityOn);
    const inMonth = creditedPerMonth.get(month) ?? 0;
    if (reason === null && creditedDays.has(a.activityOn)) reason = 'DAILY_LIMIT';
    else if (reason === null && inMonth >= params.activitiesPerMonth) reason = 'MONTHLY_LIMIT';
    if (reason !== null) return { activity: a, points: 0, reason };
    creditedDays.add(a.activityOn);
    creditedPerMonth.set(month, inMonth + 1);
    return { activity: a, points: params.activityPoints, reason: null };
  });
}
