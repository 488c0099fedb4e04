/**
 * bonus_participations.csv (§ 19a bonus programme). About 15 % of the members take part; since
 * the programme cannot be combined with the § 18a tariff, participants are mostly members who
 * never declared for the tariff, a few tariff participants left the programme before their
 * tariff start, and a few overlap a tariff participation (→ BONUS_PROGRAMME_OVERLAP).
 * The other § 19a files (exclusions, proofs, activities, goals, balances, payouts) are later
 * modules of their own.
 */
import { dayNumber, isoDate } from '../dates.ts';
import { iso, PROFILE_SHARES, type GeneratorModule, type PeriodFact, type Person } from './model.ts';
import type { Rng } from './random.ts';

export const BONUS_PARTICIPATIONS_FILE = 'bonus_participations.csv';

const PROGRAMME_FROM = dayNumber('2019-01-01');
/** Share of non-participants of the tariff who join the bonus programme. */
/** Shares of tariff participants with a bonus period before their tariff start / overlapping it. */
const SHARE_BEFORE_TARIFF = 0.03;
const SHARE_OVERLAPPING_TARIFF = 0.006;

function ownRange(person: Person): [number, number] | null {
  const own = person.memberships.filter((m) => m.kind !== 'family');
  if (own.length === 0) return null;
  const last = own[own.length - 1]!;
  const died = person.diedOn ? dayNumber(person.diedOn) : Infinity;
  return [dayNumber(own[0]!.validFrom), Math.min(last.validTo ? dayNumber(last.validTo) : Infinity, died)];
}

function bonusPeriods(person: Person, rng: Rng, year: number, shareWithoutTariff: number): PeriodFact[] {
  const range = ownRange(person);
  if (!range) return [];
  const yEnd = dayNumber(isoDate(year, 12, 31));
  const lo = Math.max(range[0], PROGRAMME_FROM);
  const hi = Math.min(range[1], yEnd - 30);
  if (lo > hi) return [];
  const spans = person.hints.tariffSpans;
  const firstSpan = spans[0];

  if (firstSpan) {
    const tariffStart = dayNumber(firstSpan.validFrom);
    const u = rng.next();
    if (u < SHARE_OVERLAPPING_TARIFF) {
      // joins the bonus programme while the tariff runs: held
      const spanEnd = firstSpan.validTo ? dayNumber(firstSpan.validTo) : hi;
      const from = Math.max(lo, tariffStart);
      const to = Math.min(hi, spanEnd);
      if (from > to) return [];
      return [{ validFrom: iso(rng.int(from, to)), validTo: range[1] === Infinity ? null : iso(range[1]) }];
    }
    if (u < SHARE_OVERLAPPING_TARIFF + SHARE_BEFORE_TARIFF && lo + 60 < tariffStart) {
      // left the bonus programme the day before the tariff started
      return [{ validFrom: iso(rng.int(lo, tariffStart - 60)), validTo: iso(tariffStart - 1) }];
    }
    return [];
  }

  if (!rng.chance(shareWithoutTariff)) return [];
  const from = rng.int(lo, hi);
  // open-ended while insured; a member who left or died leaves the programme with the fund
  const untilLeaving = range[1] === Infinity ? null : iso(range[1]);
  if (rng.chance(0.75) || from + 30 > hi) return [{ validFrom: iso(from), validTo: untilLeaving }];
  const to = rng.int(from + 30, hi);
  const periods: PeriodFact[] = [{ validFrom: iso(from), validTo: iso(to) }];
  if (to + 60 <= hi && rng.chance(0.15)) periods.push({ validFrom: iso(rng.int(to + 60, hi)), validTo: untilLeaving });
  return periods;
}

export const bonusParticipationsModule: GeneratorModule = {
  name: 'bonus-participations',
  files: [{ file: BONUS_PARTICIPATIONS_FILE, header: ['member_id', 'valid_from', 'valid_to'], rowsPerMember: 0.15 }],
  generate(person, rng, ctx) {
    person.bonusParticipations = bonusPeriods(person, rng, ctx.year, PROFILE_SHARES[ctx.profile].bonus);
  },
  write(person, out) {
    for (const p of person.bonusParticipations) {
      out.row(BONUS_PARTICIPATIONS_FILE, [person.memberId, p.validFrom, p.validTo]);
    }
  },
};
