/**
 * The § 19a files besides bonus_participations.csv: bonus_exclusions.csv, bonus_proofs.csv,
 * bonus_activities.csv, bonus_goals.csv, bonus_opening_balances.csv and
 * bonus_payout_requests.csv (rules-19a-bonus.md).
 *
 * Who appears: the participants of the bonus-participations module (most send proofs, many use
 * the app, some set goals), family-insured children whose parents hand in their exams, and a few
 * others who send proofs without having declared participation (that counts as taking part) —
 * among them § 18a participants (TARIFF_18A_OVERLAP). People who took part before Y bring an
 * opening balance; some ask for payouts. About 1 % of the participants are excluded for abuse
 * for a while. The module reads what earlier modules decided (memberships, death, tariff spans,
 * bonus participations) and never changes it.
 */
import { dayNumber } from '../dates.ts';
import { generateActivities, generateGoals } from './bonus-activities.ts';
import { bonusContext, type BonusContext } from './bonus-context.ts';
import { generateProofs } from './bonus-proofs.ts';
import { centsToMoney, iso, type BonusFacts, type GeneratorModule, type PayoutFact, type PeriodFact } from './model.ts';
import type { Rng } from './random.ts';

export const EXCLUSIONS_FILE = 'bonus_exclusions.csv';
export const PROOFS_FILE = 'bonus_proofs.csv';
export const ACTIVITIES_FILE = 'bonus_activities.csv';
export const GOALS_FILE = 'bonus_goals.csv';
export const OPENING_BALANCES_FILE = 'bonus_opening_balances.csv';
export const PAYOUTS_FILE = 'bonus_payout_requests.csv';

/** PLUS services (the list is kept outside the pipeline; the codes are not checked). */
const PLUS_SERVICES = ['OSTEOPATHY', 'GLASSES', 'CONTACT_LENSES', 'HEALTH_COURSE', 'HOMEOPATHY', 'TEETH_CLEANING'];
const PLUS_FROM = dayNumber('2023-01-01');

type Role = 'participant' | 'child' | 'occasional' | 'former';

/** Who the person is for the bonus programme; null: not in the § 19a files. */
function roleOf(c: BonusContext): Role | null {
  const { rng } = c;
  if (c.participation.some(([from, to]) => from <= c.yEnd && to >= c.yStart)) return 'participant';
  if (c.family && c.age < 18) return rng.chance(0.5) ? 'child' : null;
  const before = c.participation.length > 0; // took part until before Y
  const chance = before ? 0.6 : c.family ? 0.06 : c.tariff.length > 0 ? 0.015 : 0.04;
  if (!rng.chance(chance)) return null;
  return before ? 'former' : 'occasional';
}

/** Abuse exclusions (§ 19a Abs. 8): months to a year, a quarter open-ended, a few twice. */
function exclusions(c: BonusContext): PeriodFact[] {
  const { rng } = c;
  const from = rng.int(c.yStart - 200, c.yEnd - 60);
  if (rng.chance(0.25)) return [{ validFrom: iso(from), validTo: null }];
  const to = from + rng.int(90, 400);
  const periods: PeriodFact[] = [{ validFrom: iso(from), validTo: iso(to) }];
  if (to + 30 <= c.yEnd && rng.chance(0.12)) periods.push({ validFrom: iso(rng.int(to + 30, c.yEnd)), validTo: null });
  return periods;
}

/** Points on 1 Jan Y: typically a few thousand, some 0, some odd after PLUS payouts. */
function openingPoints(c: BonusContext): number {
  const { rng } = c;
  if (rng.chance(0.08)) return 0;
  const points = Math.max(50, Math.min(60_000, Math.round(rng.logNormal(2200, 0.9) / 50) * 50));
  return rng.chance(0.06) ? points + rng.int(-49, 49) : points;
}

function cashPoints(c: BonusContext, balance: number): number {
  const { rng } = c;
  const u = rng.next();
  if (u < 0.12) return rng.int(1, 9) * 50; // BELOW_MINIMUM
  if (u < 0.18) return 500; // exactly the minimum
  if (u < 0.3) return balance + rng.int(5, 60) * 100; // more than there is (unless Y's credits cover it)
  if (balance < 500) return rng.int(5, 15) * 100;
  return rng.chance(0.3) ? balance : Math.floor(rng.int(500, balance) / 100) * 100;
}

/** Payout requests in order of requested_on (payout ids follow it): in Y or early Y+1. */
function payouts(c: BonusContext, balance: number): PayoutFact[] {
  const { rng } = c;
  const lastDay = Math.min(c.deadline, c.died);
  if (lastDay < c.yStart || !rng.chance(balance >= 500 ? 0.15 : 0.03)) return [];
  const count = rng.weighted([
    [1, 80],
    [2, 14],
    [3, 6],
  ] as const);
  const requests: (PayoutFact & { day: number })[] = [];
  let receipts = 0;
  for (let k = 0; k < count; k++) {
    const day = rng.chance(0.75) ? rng.int(c.yStart, Math.min(c.yEnd, lastDay)) : rng.int(c.yStart, lastDay);
    if (!rng.chance(0.4)) {
      requests.push({ requestedOn: iso(day), kind: 'cash', points: cashPoints(c, balance), plus: null, day });
      continue;
    }
    const u = rng.next();
    let serviceOn: number;
    if (u < 0.02)
      serviceOn = PLUS_FROM - 1; // 31 Dec 2022: PLUS_BEFORE_2023
    else if (u < 0.07) serviceOn = rng.int(PLUS_FROM - 200, PLUS_FROM - 1);
    else if (u < 0.1)
      serviceOn = PLUS_FROM; // the first day that counts
    else serviceOn = rng.int(Math.max(PLUS_FROM, day - 400), day);
    // the same receipt handed in a second time: DUPLICATE_PLUS_SERVICE
    const receipt = receipts > 0 && rng.chance(0.08) ? receipts - 1 : receipts++;
    const cost = centsToMoney(Math.max(150, Math.round(rng.logNormal(6000, 0.8))));
    const plus = { receipt, serviceCode: rng.pick(PLUS_SERVICES), serviceOn: iso(serviceOn), cost };
    requests.push({ requestedOn: iso(day), kind: 'plus', points: rng.int(2, 60) * 50, plus, day });
  }
  requests.sort((a, b) => a.day - b.day);
  return requests.map(({ requestedOn, kind, points, plus }) => ({ requestedOn, kind, points, plus }));
}

function bonusFacts(c: BonusContext, role: Role): BonusFacts {
  const { rng } = c;
  // one stream per part, forked in a fixed order: tuning one part never moves another's rows
  const [forProofs, forActivities, forGoals, forAccount] = [rng.fork(), rng.fork(), rng.fork(), rng.fork()];
  const part = (stream: Rng): BonusContext => ({ ...c, rng: stream });
  const facts: BonusFacts = { exclusions: [], proofs: [], activities: [], goals: [], openingBalances: [], payouts: [] };
  if (rng.chance(role === 'participant' ? 0.012 : 0.003)) facts.exclusions = exclusions(c);
  // app users send nearly everything by app; the excluded mostly abused the app channel
  const appShare = facts.exclusions.length > 0 ? 0.8 : rng.chance(0.6) ? 0.9 : 0.05;
  const keenness = rng.logNormal(1, 0.6) / 1.1; // mean about 1.09, skewed
  if (role === 'child' || role === 'occasional' || rng.chance(role === 'participant' ? 0.9 : 0.3)) {
    const regular = role === 'participant' || role === 'child';
    facts.proofs = generateProofs(part(forProofs), regular ? 'regular' : 'occasional', keenness, appShare);
  }
  if (role === 'participant') {
    facts.activities = generateActivities(part(forActivities), false);
    facts.goals = generateGoals(part(forGoals));
  } else if (rng.chance(role === 'child' && c.age >= 10 ? 0.1 : 0.02)) {
    facts.activities = generateActivities(part(forActivities), true); // tried the app without taking part
  }
  const account = part(forAccount);
  const startedBefore = c.participation.some(([from]) => from < c.yStart);
  const hasBalance = account.rng.chance(startedBefore ? 0.9 : role === 'child' ? 0.3 : 0.15);
  const balance = hasBalance ? openingPoints(account) : 0;
  if (hasBalance) {
    facts.openingBalances.push({ year: c.year, points: balance });
    // a balance of an earlier year too: the job must take the one of Y
    if (account.rng.chance(0.03)) facts.openingBalances.unshift({ year: c.year - 1, points: openingPoints(account) });
  }
  facts.payouts = payouts(account, balance);
  return facts;
}

export const bonusModule: GeneratorModule = {
  name: 'bonus',
  files: [
    { file: EXCLUSIONS_FILE, header: ['member_id', 'valid_from', 'valid_to'], rowsPerMember: 0.0016 },
    {
      file: PROOFS_FILE,
      header: ['proof_id', 'member_id', 'measure_code', 'performed_on', 'received_on', 'channel'],
      rowsPerMember: 0.53,
    },
    {
      file: ACTIVITIES_FILE,
      header: ['activity_id', 'member_id', 'activity_on', 'duration_min', 'kcal', 'avg_heart_rate', 'steps'],
      rowsPerMember: 1.8,
    },
    {
      file: GOALS_FILE,
      header: ['goal_id', 'member_id', 'started_on', 'completed_on', 'challenges_total', 'challenges_done'],
      rowsPerMember: 0.07,
    },
    { file: OPENING_BALANCES_FILE, header: ['member_id', 'year', 'points'], rowsPerMember: 0.11 },
    {
      file: PAYOUTS_FILE,
      header: ['payout_id', 'member_id', 'requested_on', 'kind', 'points', 'receipt_id', 'service_code', 'service_on', 'cost'],
      rowsPerMember: 0.024,
    },
  ],
  generate(person, rng, ctx) {
    const c = bonusContext(person, rng, ctx.year);
    const role = roleOf(c);
    if (role) person.bonus = bonusFacts(c, role);
  },
  write(person, out, ids) {
    const b = person.bonus;
    if (!b) return;
    const id = person.memberId;
    for (const e of b.exclusions) out.row(EXCLUSIONS_FILE, [id, e.validFrom, e.validTo]);
    for (const p of b.proofs) {
      out.row(PROOFS_FILE, [ids.nextProofId(), id, p.measureCode, p.performedOn, p.receivedOn, p.channel]);
    }
    for (const a of b.activities) {
      const { activityOn, durationMin, kcal, avgHeartRate, steps } = a;
      out.row(ACTIVITIES_FILE, [ids.nextActivityId(), id, activityOn, durationMin, kcal, avgHeartRate, steps]);
    }
    for (const g of b.goals) {
      out.row(GOALS_FILE, [ids.nextGoalId(), id, g.startedOn, g.completedOn, g.challengesTotal, g.challengesDone]);
    }
    for (const o of b.openingBalances) out.row(OPENING_BALANCES_FILE, [id, o.year, o.points]);
    const receiptIds: string[] = [];
    for (const p of b.payouts) {
      const plus = p.plus;
      const receiptId = plus ? (receiptIds[plus.receipt] ??= ids.nextReceiptId()) : null;
      out.row(PAYOUTS_FILE, [
        ids.nextPayoutId(),
        id,
        p.requestedOn,
        p.kind,
        p.points,
        receiptId,
        plus?.serviceCode,
        plus?.serviceOn,
        plus?.cost,
      ]);
    }
  },
};
