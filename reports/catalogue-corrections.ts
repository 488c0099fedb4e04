/**
 * German texts of the Korrekturen sheet and its Übersicht section (part of the one catalogue;
 * shared texts in catalogue.ts). An amount column is named as on its job's detail sheet, so
 * finance reads the same words on both.
 */
import type { AmountUnit, ChangeKind } from '../src/runs/corrections.ts';
import type { ColumnSpec } from './cells.ts';
import { TARIFF_DETAIL_HEADERS } from './catalogue.ts';
import { BONUS_ACCOUNT_SHEET_COLUMNS } from './catalogue-bonus.ts';
import { LEVY_FUND_COLUMNS, LEVY_MONTH_COLUMNS, LEVY_REIMBURSEMENT_COLUMNS } from './catalogue-levy.ts';
import { NORDOST_PARTICIPANT_COLUMNS } from './catalogue-nordost.ts';

export const CHANGE_TEXTS = {
  changed: 'geändert',
  new: 'neu',
  removed: 'entfallen',
} as const satisfies Record<ChangeKind, string>;

export const UNIT_TEXTS = { money: '€', points: 'Punkte' } as const satisfies Record<AmountUnit, string>;

/** The exports by their German name; the file name stays beside it to find the CSV. */
const EXPORT_TEXTS: Record<string, string> = {
  tariff_settlement: 'Abrechnung § 18a',
  bonus_accounts: 'Punktekonten',
  bonus_items: 'Einzelposten § 19a',
  levy_months: 'Umlagemonate',
  u1_tariffs: 'U1-Tarife',
  u1_determination: 'U1-Feststellung',
  reimbursements: 'Erstattungen',
  levy_fund: 'Ausgleichskassen',
  nordost_bonus_plan: 'AOK Bonus Plan (AOK Nordost)',
  nordost_bonus_plan_proofs: 'Nachweise Gesundheitsbonus (AOK Nordost)',
};

const headersOf = (columns: readonly ColumnSpec[]) => Object.fromEntries(columns.map((c) => [c.key, c.header]));

const AMOUNT_HEADERS: Record<string, Record<string, string>> = {
  tariff_settlement: TARIFF_DETAIL_HEADERS,
  bonus_accounts: headersOf(BONUS_ACCOUNT_SHEET_COLUMNS),
  bonus_items: { points: 'Punkte' },
  levy_months: headersOf(LEVY_MONTH_COLUMNS),
  reimbursements: headersOf(LEVY_REIMBURSEMENT_COLUMNS),
  levy_fund: headersOf(LEVY_FUND_COLUMNS),
  nordost_bonus_plan: headersOf(NORDOST_PARTICIPANT_COLUMNS),
  nordost_bonus_plan_proofs: {},
};

/** `Abrechnung § 18a`: finance reads the German name only (issue 11); an export without one shows its file name. */
export function exportText(exportName: string): string {
  return EXPORT_TEXTS[exportName] ?? exportName;
}

/** The German name of an amount column; a column without one shows as itself rather than vanish. */
export function amountText(exportName: string, column: string): string {
  return AMOUNT_HEADERS[exportName]?.[column] ?? column;
}

/** True when the catalogue has a German text for the export and for each of its amount columns. */
export function hasCorrectionTexts(exportName: string, amounts: readonly string[]): boolean {
  return Object.hasOwn(EXPORT_TEXTS, exportName) && amounts.every((c) => Object.hasOwn(AMOUNT_HEADERS[exportName] ?? {}, c));
}

export const CORRECTION_TEXTS = {
  export: 'Export',
  key: 'Schlüssel',
  change: 'Änderung',
  column: 'Betragsspalte',
  released: 'freigegeben',
  new: 'neu',
  delta: 'Differenz',
  changedKeys: 'Schlüssel mit Differenz',
  deltaSum: 'Summe der Differenzen',
  baseline: 'Freigegebener Lauf (Grundlage der Korrektur)',
  note: 'Hinweis',
  noteText: 'Nur die Differenzen werden gezahlt bzw. gefordert; der freigegebene Lauf bleibt unverändert.',
  sheetRows: 'Zeilen auf dem Blatt Korrekturen',
  title: (baseline: number) => `Korrekturen gegenüber Lauf ${baseline}`,
  deltaTitle: (baseline: number) =>
    `Korrekturen gegenüber Lauf ${baseline}: zahlungswirksame Differenzen (nur Differenzen werden gezahlt/gefordert)`,
  figuresSum: 'Summe der Differenzen (Rechengröße, keine Zahlung)',
  figuresTitle: (baseline: number) =>
    `Korrekturen gegenüber Lauf ${baseline}: Differenzen der Rechengrößen (Grenzen, Grundlagen, Punkte – sie bewegen kein Geld)`,
} as const;
