/** The shape of a scenario and the ids scenarios use (see index.ts). */
import { kvnrCheckDigit, betriebsnummerCheckDigit } from '../ids.ts';

export type Row = Readonly<Record<string, string | null>>;

export interface Scenario {
  key: string;
  /** what the example shows, as the spec puts it */
  title: string;
  /** input rows by contract file */
  facts: Readonly<Record<string, readonly Row[]>>;
  /** expected rows by export (tariff_settlement, bonus_items, levy_months, …) */
  expected: Readonly<Record<string, readonly Row[]>>;
}

export const SCENARIO_YEAR = 2025;

/** Member ids of scenarios: the letter Y is theirs (generated persons never have it). */
export function scenarioMember(n: number): string {
  const body = 'Y' + String(n).padStart(8, '0');
  return body + String(kvnrCheckDigit(body));
}

/** Betriebsnummern of scenarios: prefixes below 1,000,000 (generated employers never have them). */
export function scenarioEmployer(n: number): string {
  const seven = String(991_000 + n).padStart(7, '0');
  return seven + String(betriebsnummerCheckDigit(seven));
}
