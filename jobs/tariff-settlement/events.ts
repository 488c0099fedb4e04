/**
 * § 18a Abs. 3 (table) and rules-18a-tariff.md "Amounts" 3: deductible events of year Y.
 * An event is an outpatient treatment with a prescription or a full inpatient stay (dated by its
 * admission day), of category `regular`, on a participation day of Y. Every claim_id is one event.
 */
import { parts, type IsoDate } from '../../src/dates.ts';
import { sumDecimals, type Decimal } from '../../src/money.ts';
import { EXCLUDED_CLAIM_CATEGORIES } from './decisions.ts';
import { rowAmounts, type ParticipationMonth, type RowAmounts } from './classes.ts';
import type { ClaimCategory, InpatientStay, OutpatientTreatment } from './types.ts';

export interface DeductibleEvents {
  outpatientEvents: number;
  inpatientEvents: number;
  /** Σ event amounts, unrounded (the table's amounts are whole cents anyway) */
  amount: Decimal;
}

interface Claim {
  claimId: string;
  on: IsoDate;
  category: ClaimCategory;
}

/**
 * The events of `year`. `isParticipationDay` decides resting and non-participation days; the
 * amount comes from the effective class of the event's month (`months`, the participation months).
 */
export function deductibleEvents(
  outpatient: readonly OutpatientTreatment[],
  inpatient: readonly InpatientStay[],
  year: number,
  months: readonly ParticipationMonth[],
  isParticipationDay: (date: IsoDate) => boolean,
): DeductibleEvents {
  const byMonth = new Map(months.map((m) => [m.month, m]));

  const counted = (claims: readonly Claim[], amountOf: (a: RowAmounts) => Decimal): Decimal[] => {
    const seen = new Set<string>();
    const amounts: Decimal[] = [];
    for (const c of claims) {
      if (seen.has(c.claimId)) continue; // one claim_id, one event, however often it appears
      seen.add(c.claimId);
      if (EXCLUDED_CLAIM_CATEGORIES.has(c.category)) continue;
      const { year: y, month } = parts(c.on);
      if (y !== year || !isParticipationDay(c.on)) continue;
      // A participation day always lies in a participation month.
      const m = byMonth.get(month);
      if (!m) throw new Error(`§ 18a: claim ${c.claimId} on ${c.on} lies on a participation day outside the participation months`);
      amounts.push(amountOf(rowAmounts(m.row)));
    }
    return amounts;
  };

  // A treatment without prescription is no event, however many other claims that day.
  const treatments = counted(
    outpatient.filter((t) => t.withPrescription).map((t) => ({ claimId: t.claimId, on: t.treatedOn, category: t.category })),
    (a) => a.outpatientDeductible,
  );
  // A stay under class 1 is an event of 0.00, still counted.
  const stays = counted(
    inpatient.map((s) => ({ claimId: s.claimId, on: s.admittedOn, category: s.category })),
    (a) => a.inpatientDeductible,
  );
  return {
    outpatientEvents: treatments.length,
    inpatientEvents: stays.length,
    amount: sumDecimals([...treatments, ...stays]),
  };
}
