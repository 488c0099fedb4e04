/**
 * The § 19a files (rules-19a-bonus.md). bonus_participations.csv: besides the tariff's members,
 * a share of the members take part (the profile's share); since the programme cannot be combined
 * with the § 18a tariff, a few tariff participants left it before their tariff start and a few
 * overlap a tariff participation (BONUS_PROGRAMME_OVERLAP).
 *
 * Who appears in the other files: the participants (most send proofs, many use the app, some set
 * goals), family-insured children whose parents hand in their exams, and a few others who send
 * proofs without having declared participation (that counts as taking part) — among them § 18a
 * participants (TARIFF_18A_OVERLAP). People who took part before Y bring an opening balance; some
 * ask for payouts. About 1 % of the participants are excluded for abuse for a while.
 */
import { dayNumber, type Validity } from '../dates.ts';
import { generateActivities, generateGoals } from './bonus-activities.ts';
import { generateProofs } from './bonus-proofs.ts';
import { bonusContext, centsToMoney, iso, PROFILE_SHARES, ownRanges, rowId, sortedBy } from './model.ts';
import type { BonusContext, GenContext, Person } from './model.ts';
import type { Row } from './output.ts';
import type { Rng } from './random.ts';

const PROGRAMME_FROM = dayNumber('2019-01-01');
/** Shares of tariff participants with a bonus period before their tariff start / overlapping it. */
const SHARE_BEFORE_TARIFF = 0.03;
const SHARE_OVERLAPPING_TARIFF = 0.006;

function bonusPeriods(ctx: GenContext, person: Person, rng: Rng): Validity[] {
  const own = ownRanges(person);
  if (own.length === 0) return [];
  const [first, last] = [own[0]![0], own.at(-1)![1]];
  const lo = Math.max(first, PROGRAMME_FROM);
  const hi = Math.min(last, ctx.yEnd - 30);
  if (lo > hi) return [];
  // open-ended while insured; a member who left or died leaves the programme with the fund
  const untilLeaving = last === Infinity ? null : iso(last);
  const firstSpan = person.tariffSpans[0];
  if (firstSpan) {
    const tariffStart = dayNumber(firstSpan.validFrom);
    const u = rng.next();
    if (u < SHARE_OVERLAPPING_TARIFF) {
      // joins the bonus programme while the tariff runs: held
      const spanEnd = firstSpan.validTo ? dayNumber(firstSpan.validTo) : hi;
      const from = Math.max(lo, tariffStart);
      const to = Math.min(hi, spanEnd);
      if (from > to) return [];
      return [{ validFrom: iso(rng.int(from, to)), validTo: untilLeaving }];
    }
    if (u < SHARE_OVERLAPPING_TARIFF + SHARE_BEFORE_TARIFF && lo + 60 < tariffStart) {
      // left the bonus programme the day before the tariff started
      return [{ validFrom: iso(rng.int(lo, tariffStart - 60)), validTo: iso(tariffStart - 1) }];
    }
    return [];
  }
  if (!rng.chance(PROFILE_SHARES[ctx.profile].bonus)) return [];
  const from = rng.int(lo, hi);
  if (rng.chance(0.75) || from + 30 > hi) return [{ validFrom: iso(from), validTo: untilLeaving }];
  const to = rng.int(from + 30, hi);
  const periods: Validity[] = [{ validFrom: iso(from), validTo: iso(to) }];
  if (to + 60 <= hi && rng.chance(0.15)) periods.push({ validFrom: iso(rng.int(to + 60, hi)), validTo: untilLeaving });
  return periods;
}

/** PLUS services (the list is kept outside the pipeline; the codes are not checked). */
const PLUS_SERVICES = ['OSTEOPATHY', 'GLASSES', 'CONTACT_LENSES', 'HEALTH_COURSE', 'HOMEOPATHY', 'TEETH_CLEANING'];
const PLUS_FROM = dayNumber('2023-01-01');

/** Who the person is for the bonus programme; null: not in the § 19a files. */
function roleOf(c: BonusContext): 'participant' | 'child' | 'occasional' | 'former' | null {
  const { rng } = c;
  if (c.participation.some(([from, to]) => from <= c.yEnd && to >= c.yStart)) return 'participant';
  if (c.family && c.age < 18) return rng.chance(0.5) ? 'child' : null;
  const before = c.participation.length > 0; // took part until before Y
  const chance = before ? 0.6 : c.family ? 0.06 : c.tariff.length > 0 ? 0.015 : 0.04;
  if (!rng.chance(chance)) return null;
  return before ? 'former' : 'occasional';
}

/** Abuse exclusions (§ 19a Abs. 8): months to a year, a quarter open-ended, a few twice. */
function exclusions(c: BonusContext): Validity[] {
  const { rng } = c;
  const from = rng.int(c.yStart - 200, c.yEnd - 60);
  if (rng.chance(0.25)) return [{ validFrom: iso(from), validTo: null }];
  const to = from + rng.int(90, 400);
  const periods: Validity[] = [{ validFrom: iso(from), validTo: iso(to) }];
  if (to + 30 <= c.yEnd && rng.chance(0.12)) periods.push({ validFrom: iso(rng.int(to + 30, c.yEnd)), validTo: null });
  return periods;
}

/** Points on 1 Jan Y: typically a few thousand, some 0, some odd after PLUS payouts. */
function openingPoints(rng: Rng): number {
  if (rng.chance(0.08)) return 0;
  const points = Math.max(50, Math.min(60_000, Math.round(rng.logNormal(2200, 0.9) / 50) * 50));
  return rng.chance(0.06) ? points + rng.int(-49, 49) : points;
}

function cashPoints(rng: Rng, balance: number): number {
  const u = rng.next();
  if (u < 0.12) return rng.int(1, 9) * 50; // BELOW_MINIMUM
  if (u < 0.18) return 500; // exactly the minimum
  if (u < 0.3) return balance + rng.int(5, 60) * 100; // more than there is (unless Y's credits cover it)
  if (balance < 500) return rng.int(5, 15) * 100;
  return rng.chance(0.3) ? balance : Math.floor(rng.int(500, balance) / 100) * 100;
}

/** Payout requests in order of requested_on (payout ids follow it): in Y or early Y+1. */
function payouts(c: BonusContext, balance: number, person: number): Row[] {
  const { rng } = c;
  const lastDay = Math.min(c.deadline, c.died);
  if (lastDay < c.yStart || !rng.chance(balance >= 500 ? 0.15 : 0.03)) return [];
  const count = rng.weighted([1, 2, 3], [80, 14, 6]);
  const requests: Row[] = [];
  let receipts = 0;
  for (let k = 0; k < count; k++) {
    const day = rng.chance(0.75) ? rng.int(c.yStart, Math.min(c.yEnd, lastDay)) : rng.int(c.yStart, lastDay);
    if (!rng.chance(0.4)) {
      requests.push({ requested_on: iso(day), kind: 'cash', points: cashPoints(rng, balance) });
      continue;
    }
    const u = rng.next();
    // 2 % on 31 Dec 2022 and 5 % before (PLUS_BEFORE_2023), 3 % on 1 Jan 2023, the first day that counts
    const serviceOn =
      u < 0.02
        ? PLUS_FROM - 1
        : u < 0.07
          ? rng.int(PLUS_FROM - 200, PLUS_FROM - 1)
          : u < 0.1
            ? PLUS_FROM
            : rng.int(Math.max(PLUS_FROM, day - 400), day);
    const cost = centsToMoney(Math.max(150, Math.round(rng.logNormal(6000, 0.8))));
    const plus = { receipt_id: rowId('R', person, receipts++), service_code: rng.pick(PLUS_SERVICES), service_on: iso(serviceOn), cost };
    const points = rng.int(2, 60) * 50;
    requests.push({ requested_on: iso(day), kind: 'plus', points, ...plus });
    // the same receipt handed in a second time: DUPLICATE_PLUS_SERVICE
    const again = Math.min(lastDay, day + rng.int(1, 60));
    if (rng.chance(0.05)) requests.push({ requested_on: iso(again), kind: 'plus', points, ...plus });
  }
  return sortedBy(requests, 'requested_on');
}

/** The person's bonus participation, and their rows of the other § 19a files. */
export function writeBonus(ctx: GenContext, person: Person): void {
  const id = person.memberId;
  person.bonusParticipations = bonusPeriods(ctx, person, ctx.rng('bonus_participations.csv', person.index));
  ctx.periodRows('bonus_participations.csv', person, person.bonusParticipations);
  const c = bonusContext(ctx, person, ctx.rng('bonus', person.index));
  const role = roleOf(c);
  if (!role) return;
  const { rng } = c;
  const stream = (file: string): BonusContext => ({ ...c, rng: ctx.rng(file, person.index) });
  const excluded = rng.chance(role === 'participant' ? 0.012 : 0.003);
  if (excluded) ctx.periodRows('bonus_exclusions.csv', person, exclusions(stream('bonus_exclusions.csv')));
  // app users send nearly everything by app; the excluded mostly abused the app channel
  const appShare = excluded ? 0.8 : rng.chance(0.6) ? 0.9 : 0.05;
  const keenness = rng.logNormal(1, 0.6) / 1.1; // mean about 1.09, skewed
  if (role === 'child' || role === 'occasional' || rng.chance(role === 'participant' ? 0.9 : 0.3)) {
    const regular = role === 'participant' || role === 'child';
    const proofs = generateProofs(stream('bonus_proofs.csv'), regular ? 'regular' : 'occasional', keenness, appShare);
    ctx.personRows('bonus_proofs.csv', 'P', person, proofs, 3);
  }
  const activities =
    role === 'participant'
      ? generateActivities(stream('bonus_activities.csv'), false)
      : rng.chance(role === 'child' && c.age >= 10 ? 0.1 : 0.02)
        ? generateActivities(stream('bonus_activities.csv'), true) // tried the app without taking part
        : [];
  ctx.personRows('bonus_activities.csv', 'A', person, activities, 4);
  if (role === 'participant') ctx.personRows('bonus_goals.csv', 'G', person, generateGoals(stream('bonus_goals.csv')));
  const account = ctx.rng('bonus_opening_balances.csv', person.index);
  const startedBefore = c.participation.some(([from]) => from < c.yStart);
  const hasBalance = account.chance(startedBefore ? 0.9 : role === 'child' ? 0.3 : 0.15);
  const balance = hasBalance ? openingPoints(account) : 0;
  // a balance of an earlier year too, now and then: the job must take the one of Y
  if (hasBalance && account.chance(0.03))
    ctx.out.row('bonus_opening_balances.csv', { member_id: id, year: ctx.year - 1, points: openingPoints(account) });
  if (hasBalance) ctx.out.row('bonus_opening_balances.csv', { member_id: id, year: ctx.year, points: balance });
  ctx.personRows('bonus_payout_requests.csv', 'Q', person, payouts(stream('bonus_payout_requests.csv'), balance, person.index));
}
