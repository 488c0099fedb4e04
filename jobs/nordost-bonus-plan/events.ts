/**
 * Chargeable events of Y (rules-nordost-bonus-plan.md, "Chargeable events"): doctor visits with a
 * prescription and hospital days, only on participation days of Y, each charged at the effective
 * class of its month.
 */
import { addDays, clip, isoDate, normalize, parts, type DateRange, type IsoDate } from '../../src/dates.ts';
import { Decimal, sumDecimals } from '../../src/money.ts';
import { EXCLUDED_CLAIM_CATEGORIES } from '../tariff-settlement/decisions.ts';
import type { InpatientStay, OutpatientTreatment } from '../tariff-settlement/types.ts';
import type { PlanMonth } from './months.ts';

export interface ChargeableEvent {
  kind: 'visit' | 'hospital_day';
  on: IsoDate;
  amount: Decimal;
}

export interface ChargeableEvents {
  events: ChargeableEvent[];
  outpatientEvents: number;
  inpatientDays: number;
  /** Σ event amounts, exact */
  amount: Decimal;
}

/**
 * Doctor visits: `with_prescription` and category `regular` (the excluded categories are § 18a's
 * list, which the leaflet is the source of), one event per claim_id. Hospital days: every day from
 * admitted_on to discharged_on, both counted, of a `regular` stay; a day two stays cover (transfer)
 * counts once, also when one of them is of an excluded category (2026-12 decision: the regular
 * stay makes it a hospital day).
 */
export function chargeableEvents(
  outpatient: readonly OutpatientTreatment[],
  inpatient: readonly InpatientStay[],
  year: number,
  months: readonly PlanMonth[],
  isParticipationDay: (date: IsoDate) => boolean,
): ChargeableEvents {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const monthOf = (on: IsoDate): PlanMonth => {
    const m = byMonth.get(parts(on).month);
    // A participation day of Y always lies in a participation month.
    if (!m) throw new Error(`AOK Nordost bonus plan: an event on ${on} lies on a participation day outside the participation months`);
    return m;
  };
  const counts = (on: IsoDate) => parts(on).year === year && isParticipationDay(on);

  const events: ChargeableEvent[] = [];
  const seen = new Set<string>();
  for (const t of outpatient) {
    if (seen.has(t.claimId)) continue; // one claim_id, one event
    seen.add(t.claimId);
    if (!t.withPrescription || EXCLUDED_CLAIM_CATEGORIES.has(t.category) || !counts(t.treatedOn)) continue;
    events.push({ kind: 'visit', on: t.treatedOn, amount: new Decimal(monthOf(t.treatedOn).row.copayPerVisit) });
  }
  const visits = events.length;

  const yearRange: DateRange = { from: isoDate(year, 1, 1), to: isoDate(year, 12, 31) };
  const stayDays = clip(
    normalize(inpatient.filter((s) => !EXCLUDED_CLAIM_CATEGORIES.has(s.category)).map((s) => ({ from: s.admittedOn, to: s.dischargedOn }))),
    yearRange,
  );
  for (const range of stayDays) {
    for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
      if (counts(d)) events.push({ kind: 'hospital_day', on: d, amount: new Decimal(monthOf(d).row.copayPerHospitalDay) });
    }
  }
  events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  return {
    events,
    outpatientEvents: visits,
    inpatientDays: events.length - visits,
    amount: sumDecimals(events.map((e) => e.amount)),
  };
}
