/**
 * § 19a Abs. 4: app activities of year Y, 50 points each (rules-19a-bonus.md, "App activities").
 * Taken in order of date, then activity_id; the first failing check is the reason; the daily and
 * monthly limits count only activities credited before.
 */
import { ageOn, monthOf, type IsoDate } from '../../src/dates.ts';
import type { MemberCalendar } from './calendar.ts';
import { compareActivities, meetsActivityThreshold, yearBounds } from './decisions.ts';
import type { Activity, BonusFacts, BonusItem, BonusParams, BonusReason } from './types.ts';

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

/**
 * Appends one item per activity of Y to `items` (in the order judged) and returns the points
 * credited. Items straight into the member's list, no verdict object per activity: there are
 * millions of activities in a full run, and their garbage was a fifth of the chunks' CPU.
 */
export function judgeActivities(
  facts: BonusFacts,
  year: number,
  calendar: MemberCalendar,
  params: BonusParams,
  items: BonusItem[],
): number {
  if (facts.activities.length === 0) return 0;
  const { first, last } = yearBounds(year);
  // ISO dates compare as text: no parse per activity to find its year.
  const ofYear = facts.activities.filter((a) => a.activityOn >= first && a.activityOn <= last).sort(compareActivities);
  const creditedDays = new Set<IsoDate>();
  // Credited activities per month 1–12 of Y (all of them lie in Y).
  const creditedPerMonth = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  let credited = 0;
  for (const a of ofYear) {
    let reason = ownReason(a, facts.birthDate, calendar, params);
    const month = monthOf(a.activityOn);
    const inMonth = creditedPerMonth[month]!;
    if (reason === null && creditedDays.has(a.activityOn)) reason = 'DAILY_LIMIT';
    else if (reason === null && inMonth >= params.activitiesPerMonth) reason = 'MONTHLY_LIMIT';
    let points = 0;
    if (reason === null) {
      creditedDays.add(a.activityOn);
      creditedPerMonth[month] = inMonth + 1;
      points = params.activityPoints;
      credited += points;
    }
    const decision = reason === null ? 'credited' : 'rejected';
    items.push({ itemType: 'activity', itemId: a.activityId, memberId: facts.memberId, year, points, decision, reason });
  }
  return credited;
}
