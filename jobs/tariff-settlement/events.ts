/**
 * § 18a Abs. 3 (table) and rules-18a-tariff.md "Amounts" 3: deductible events of year Y.
 * An event is an outpatient treatment with a prescription or a full inpatient stay (dated by its
 * admission day), of category `regular`, on a participation day of Y. Every claim_id is one event.
 */
import type { IsoDate } from '../../src/dates.ts';
import { ZERO, type Decimal } from '../../src/money.ts';
import { EXCLUDED_CLAIM_CATEGORIES } from './decisions.ts';
import { rowAmounts, type ParticipationMonth, type RowAmounts } from './classes.ts';
import type { ClaimCategory, InpatientStay, OutpatientTreatment, TariffClassRow } from './types.ts';

export interface DeductibleEvents {
  outpatientEvents: number;
  inpatientEvents: number;
  /** Σ event amounts, unrounded (the table's amounts are whole cents anyway) */
  amount: Decimal;
}

/**
 * Events counted per class row. Why counts, not one Decimal per event: every event of a row has
 * the same amount, so the sum is Σ amount × count — exact either way (Decimal, 60 digits), the
 * same value, and one multiplication per row instead of an addition (and an object) per claim.
 */
class RowCounts {
  readonly rows: TariffClassRow[] = [];
  readonly counts: number[] = [];
  events = 0;

  add(row: TariffClassRow): void {
    this.events++;
    const i = this.rows.indexOf(row); // a member has at most a few rows in a year
    if (i >= 0) this.counts[i]!++;
    else {
      this.rows.push(row);
      this.counts.push(1);
    }
  }

  amount(amountOf: (a: RowAmounts) => Decimal): Decimal {
    let total = ZERO;
    for (let i = 0; i < this.rows.length; i++) total = total.plus(amountOf(rowAmounts(this.rows[i]!)).times(this.counts[i]!));
    return total;
  }
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
  const byMonth: (ParticipationMonth | undefined)[] = [];
  for (const m of months) byMonth[m.month] = m;
  const yearText = String(year).padStart(4, '0');

  const count = (into: RowCounts, claimId: string, on: IsoDate, category: ClaimCategory): void => {
    if (EXCLUDED_CLAIM_CATEGORIES.has(category)) return;
    // ISO dates: the year is the first four characters, the month the two after the dash.
    if (on.slice(0, 4) !== yearText || !isParticipationDay(on)) return;
    // A participation day always lies in a participation month.
    const m = byMonth[Number(on.slice(5, 7))];
    if (!m) throw new Error(`§ 18a: claim ${claimId} on ${on} lies on a participation day outside the participation months`);
    into.add(m.row);
  };

  // A treatment without prescription is no event, however many other claims that day.
  // (Treatments without one are left out before a repeated claim_id is looked for.)
  const treatments = new RowCounts();
  const prescribed = outpatient.every((t) => t.withPrescription) ? outpatient : outpatient.filter((t) => t.withPrescription);
  const firstTreatment = firstOfEachClaim(prescribed);
  for (let i = 0; i < prescribed.length; i++) {
    const t = prescribed[i]!;
    if (firstTreatment(i)) count(treatments, t.claimId, t.treatedOn, t.category);
  }
  // A stay under class 1 is an event of 0.00, still counted.
  const stays = new RowCounts();
  const firstStay = firstOfEachClaim(inpatient);
  for (let i = 0; i < inpatient.length; i++) {
    const s = inpatient[i]!;
    if (firstStay(i)) count(stays, s.claimId, s.admittedOn, s.category);
  }
  return {
    outpatientEvents: treatments.events,
    inpatientEvents: stays.events,
    amount: treatments.amount((a) => a.outpatientDeductible).plus(stays.amount((a) => a.inpatientDeductible)),
  };
}

/**
 * Whether entry i is the first with its claim_id: one claim_id, one event, however often it
 * appears (only its first entry counts). A member has a handful of claims: scanning back is
 * cheaper than a Set, which only a long list gets.
 */
function firstOfEachClaim(claims: readonly { claimId: string }[]): (i: number) => boolean {
  if (claims.length > LONG_LIST) {
    const seen = new Set<string>();
    return (i) => {
      const id = claims[i]!.claimId;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    };
  }
  return (i) => {
    const id = claims[i]!.claimId;
    for (let j = 0; j < i; j++) if (claims[j]!.claimId === id) return false;
    return true;
  };
}

const LONG_LIST = 32;
