/**
 * The plan's dates and rules that are ours, not the leaflet's (rules-nordost-bonus-plan.md,
 * "Decision"), each in one named place. Participation decisions (notice, binding, hardship,
 * interruption, excluded categories) are § 18a's: jobs/tariff-settlement/decisions.ts.
 */
import type { IsoDate } from '../../src/dates.ts';

/** `MM-DD` parameter of Y+1 as a date: the payout due day and the health proof deadline. */
export function dayOfNextYear(year: number, monthDay: string): IsoDate {
  if (!/^\d{2}-\d{2}$/.test(monthDay)) throw new Error(`AOK Nordost bonus plan: '${monthDay}' is not an MM-DD day`);
  return `${year + 1}-${monthDay}`;
}

/**
 * Leaflet: a positive balance is paid by 30 June Y+1. The rules read the day from the parameter
 * `payout_due`; the plug-in's deadline and the release's payment list need it without a database
 * read (their interfaces are synchronous), so they use this default — the seeded parameter's
 * value. A fund changing `payout_due` changes this constant too.
 */
export const PAYOUT_DUE = '06-30';

/** Leaflet: a positive balance is paid by 30 June Y+1 (parameter `payout_due`). */
export function payoutDueDate(year: number, payoutDue: string): IsoDate {
  return dayOfNextYear(year, payoutDue);
}

/** Decision: a health proof of Y must be received by 31 March Y+1 (parameter `health_proof_deadline`). */
export function healthProofDeadline(year: number, deadline: string): IsoDate {
  return dayOfNextYear(year, deadline);
}
