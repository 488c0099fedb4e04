/**
 * § 19a Abs. 5: health goals completed in year Y, 1,500 points each (rules-19a-bonus.md,
 * "Health goals"). Taken in order of started_on, then goal_id; the first failing check is the
 * reason; overlap and the yearly limit count only goals credited before in this run.
 */
import { ageOn } from '../../src/dates.ts';
import type { MemberCalendar } from './calendar.ts';
import { compareGoals, goalShareMet, goalTooLong, yearBounds } from './decisions.ts';
import type { BonusFacts, BonusItem, BonusParams, BonusReason, Goal } from './types.ts';

/** The checks that judge a goal alone, in the specification's order. */
function ownReason(g: Goal, facts: BonusFacts, calendar: MemberCalendar, params: BonusParams): BonusReason | null {
  if (!calendar.isInsured(g.completedOn)) return 'NOT_INSURED';
  // "From participation start": the goal must start on a participation day.
  if (!calendar.isParticipant(g.startedOn)) return 'NOT_PARTICIPANT';
  if (ageOn(facts.birthDate, g.startedOn) < params.goalMinAge) return 'AGE_REQUIREMENT';
  if (calendar.isExcluded(g.completedOn)) return 'EXCLUDED';
  if (calendar.isTariffDay(g.completedOn)) return 'TARIFF_18A_OVERLAP';
  if (goalTooLong(g, params)) return 'GOAL_TOO_LONG';
  if (!goalShareMet(g, params)) return 'GOAL_BELOW_80_PERCENT';
  return null;
}

/** Appends one item per goal completed in Y to `items` (in the order judged); returns the points credited. */
export function judgeGoals(facts: BonusFacts, year: number, calendar: MemberCalendar, params: BonusParams, items: BonusItem[]): number {
  if (facts.goals.length === 0) return 0;
  const { first, last } = yearBounds(year);
  const ofYear = facts.goals.filter((g) => g.completedOn >= first && g.completedOn <= last).sort(compareGoals);
  for (const g of ofYear) {
    // A goal ending before it starts is a data error the import should have caught.
    if (g.completedOn < g.startedOn)
      throw new Error(`§ 19a goal ${g.goalId}: completed_on ${g.completedOn} before started_on ${g.startedOn}`);
  }
  const credited: Goal[] = [];
  let creditedPoints = 0;
  for (const g of ofYear) {
    let reason = ownReason(g, facts, calendar, params);
    // Inclusive intervals: starting on the day another ends is an overlap.
    if (reason === null && credited.some((c) => g.startedOn <= c.completedOn && c.startedOn <= g.completedOn)) reason = 'GOAL_OVERLAP';
    else if (reason === null && credited.length >= params.goalsPerYear) reason = 'GOAL_YEAR_LIMIT';
    let points = 0;
    if (reason === null) {
      credited.push(g);
      points = params.goalPoints;
      creditedPoints += points;
    }
    const decision = reason === null ? 'credited' : 'rejected';
    items.push({ itemType: 'goal', itemId: g.goalId, memberId: facts.memberId, year, points, decision, reason });
  }
  return creditedPoints;
}
