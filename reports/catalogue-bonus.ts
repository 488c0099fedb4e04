/** German texts of the § 19a bonus workbook (part of the one catalogue; shared texts in catalogue.ts). */
import type { ColumnSpec } from './cells.ts';

// ---------------------------------------------------------------------------------------------
// § 19a bonus crediting

export const BONUS_SHEET_NAMES = { accounts: 'Konten', payouts: 'Auszahlungen' } as const;

/** Columns of the Konten sheet: export keys of bonus_accounts, German headers, cell types. */
export const BONUS_ACCOUNT_SHEET_COLUMNS: readonly ColumnSpec[] = [
  { key: 'member_id', header: 'KVNR', type: 'text', width: 13 },
  { key: 'year', header: 'Jahr', type: 'id' },
  { key: 'opening_points', header: 'Anfangsbestand (Punkte)', type: 'int' },
  { key: 'credited_65a1', header: 'Gutschrift § 65a Abs. 1 (Punkte)', type: 'int' },
  { key: 'credited_65a1a', header: 'Gutschrift § 65a Abs. 1a (Punkte)', type: 'int' },
  { key: 'credited_activities', header: 'Gutschrift App-Aktivitäten (Punkte)', type: 'int' },
  { key: 'credited_goals', header: 'Gutschrift Gesundheitsziele (Punkte)', type: 'int' },
  { key: 'payout_points', header: 'Ausgezahlte Punkte', type: 'int' },
  { key: 'payout_cash_eur', header: 'Barauszahlung', type: 'money' },
  { key: 'payout_plus_eur', header: 'Zuschuss PLUS-Leistung', type: 'money' },
  { key: 'forfeited_points', header: 'Verfallene Punkte (Tod)', type: 'int' },
  { key: 'closing_points', header: 'Endbestand (Punkte)', type: 'int' },
  { key: 'closing_value_eur', header: 'Wert des Endbestands', type: 'money' },
  { key: 'payout_eligible', header: 'auszahlungsfähig (ab 500 Punkten)', type: 'text', width: 16 },
  { key: 'opening_source', header: 'Herkunft Anfangsbestand', type: 'text', width: 22 },
];

export const BONUS_PAYOUT_SHEET_COLUMNS: readonly ColumnSpec[] = [
  { key: 'item_id', header: 'Auszahlungsantrag', type: 'text', width: 18 },
  { key: 'member_id', header: 'KVNR', type: 'text', width: 13 },
  { key: 'kind', header: 'Art', type: 'text', width: 24 },
  { key: 'points', header: 'Punkte', type: 'int' },
  { key: 'eur', header: 'Betrag', type: 'money' },
];

export const PAYOUT_KIND_TEXTS: Record<string, string> = { cash: 'Barauszahlung', plus: 'Zuschuss PLUS-Leistung' };
export const OPENING_SOURCE_TEXTS: Record<string, string> = {
  run: 'Endbestand des Vorjahreslaufs',
  file: 'Anfangsbestandsdatei',
  none: 'kein Anfangsbestand (0)',
};
export const ITEM_TYPE_TEXTS: Record<string, string> = {
  proof: 'Nachweis',
  activity: 'App-Aktivität',
  goal: 'Gesundheitsziel',
  payout: 'Auszahlungsantrag',
};
