/** German texts of the U1/U2 levy workbook (part of the one catalogue; shared texts in catalogue.ts). */
import type { ColumnSpec } from './cells.ts';

// ---------------------------------------------------------------------------------------------
// U1/U2 employer levies (rules-aag-levy.md). The code unions come from the job's own types, so a
// new basis, claim kind or reserve status without a German text fails to compile here.

type DeterminationBasis = import('../jobs/levy/types.ts').DeterminationBasis;
type ClaimKind = import('../jobs/levy/types.ts').ClaimKind;
type LevyProcedure = import('../jobs/levy/types.ts').Procedure;
type ReserveStatus = import('../jobs/levy/types.ts').ReserveStatus;
type LevyTariff = import('../jobs/levy/types.ts').Tariff;

export const LEVY_SHEET_NAMES = {
  employers: 'Arbeitgeber',
  months: 'Monate',
  reconciliation: 'Abstimmung',
  determination: 'Feststellung U1',
  reimbursements: 'Erstattungen',
  funds: 'Umlagekasse',
} as const;

export const DETERMINATION_BASIS_TEXTS = {
  full_year: 'ganzes Jahr bestanden (mindestens 8 Monate mit höchstens 30 Beschäftigten)',
  part_year: 'nur Teil des Jahres bestanden (mehr als die Hälfte der Monate mit höchstens 30 Beschäftigten)',
  founded: 'im Folgejahr gegründet (voraussichtliche Beschäftigtenzahl)',
  exempt: 'vom U1-Verfahren ausgenommen (§ 11 AAG)',
  history: 'Feststellung aus dem Vorjahr übernommen',
} as const satisfies Record<DeterminationBasis, string>;

export const CLAIM_KIND_TEXTS = {
  u1_sickness: 'U1 – Entgeltfortzahlung bei Arbeitsunfähigkeit',
  u1_rehab: 'U1 – Entgeltfortzahlung bei medizinischer Vorsorge oder Rehabilitation',
  u2_maternity_subsidy: 'U2 – Zuschuss zum Mutterschaftsgeld',
  u2_employment_ban: 'U2 – Arbeitsentgelt bei Beschäftigungsverbot',
} as const satisfies Record<ClaimKind, string>;

export const LEVY_PROCEDURE_TEXTS = {
  U1: 'U1 – Entgeltfortzahlung bei Krankheit',
  U2: 'U2 – Mutterschaftsleistungen',
} as const satisfies Record<LevyProcedure, string>;

export const RESERVE_STATUS_TEXTS = {
  ok: 'innerhalb der Rücklagegrenze',
  above_limit: 'über der Rücklagegrenze (Umlagesatz sollte sinken)',
  negative: 'negativ (Fehlbetrag)',
} as const satisfies Record<ReserveStatus, string>;

export const LEVY_TARIFF_TEXTS = {
  '50': 'Tarif 50 (50 % Erstattung)',
  '65': 'Tarif 65 (65 % Erstattung)',
} as const satisfies Record<LevyTariff, string>;

export const PENSION_REGION_TEXTS: Record<string, string> = { all: 'bundeseinheitlich', west: 'West', east: 'Ost' };

/** Items of the levy run's run_exception rows (Klärfälle). */
export const LEVY_ITEM_TYPE_TEXTS: Record<string, string> = { employer: 'Arbeitgeber', claim: 'Erstattungsantrag' };

/** A decided yes/no; null is a decision still open (participation unknown or held). */
export function participationText(value: boolean | null | undefined): string {
  return value === true ? 'ja' : value === false ? 'nein' : 'offen';
}

/** Levy months and their reconciliation: the columns of levy_month_result, German headers. */
export const LEVY_MONTH_COLUMNS: readonly ColumnSpec[] = [
  { key: 'employer_id', header: 'Betriebsnummer', type: 'text', width: 14 },
  { key: 'month', header: 'Monat', type: 'month' },
  { key: 'u1_participates', header: 'U1-Teilnahme', type: 'text', width: 12 },
  { key: 'u1_tariff', header: 'U1-Tarif', type: 'text', width: 9 },
  { key: 'u1_rate', header: 'U1-Umlagesatz', type: 'rate' },
  { key: 'u1_base', header: 'U1-Bemessungsgrundlage', type: 'money' },
  { key: 'u1_levy', header: 'U1-Umlage berechnet', type: 'money' },
  { key: 'u2_rate', header: 'U2-Umlagesatz', type: 'rate' },
  { key: 'u2_base', header: 'U2-Bemessungsgrundlage', type: 'money' },
  { key: 'u2_levy', header: 'U2-Umlage berechnet', type: 'money' },
  { key: 'declared_u1', header: 'U1-Umlage gemeldet', type: 'money' },
  { key: 'declared_u2', header: 'U2-Umlage gemeldet', type: 'money' },
  { key: 'diff_u1', header: 'Differenz U1 (gemeldet − berechnet)', type: 'money' },
  { key: 'diff_u2', header: 'Differenz U2 (gemeldet − berechnet)', type: 'money' },
  { key: 'diff_class', header: 'Abweichung', type: 'text', width: 20 },
  { key: 'reasons', header: 'Hinweise', type: 'text', width: 40 },
];

const RECONCILIATION_KEYS = [
  'employer_id',
  'month',
  'u1_levy',
  'declared_u1',
  'diff_u1',
  'u2_levy',
  'declared_u2',
  'diff_u2',
  'diff_class',
];
export const LEVY_RECONCILIATION_COLUMNS: readonly ColumnSpec[] = RECONCILIATION_KEYS.map((k) =>
  LEVY_MONTH_COLUMNS.find((c) => c.key === k)!,
);

/** One row per employer: its year in sums (levy months and approved claims). */
export const LEVY_EMPLOYER_COLUMNS: readonly ColumnSpec[] = [
  { key: 'employer_id', header: 'Betriebsnummer', type: 'text', width: 14 },
  { key: 'tariff', header: 'U1-Tarif im Jahr', type: 'text', width: 10 },
  { key: 'participates', header: 'U1-Teilnahme im Jahr', type: 'text', width: 12 },
  { key: 'participates_next', header: 'U1-Teilnahme im Folgejahr', type: 'text', width: 12 },
  { key: 'u1_levy', header: 'U1-Umlage berechnet', type: 'money' },
  { key: 'declared_u1', header: 'U1-Umlage gemeldet', type: 'money' },
  { key: 'diff_u1', header: 'Differenz U1 (gemeldet − berechnet)', type: 'money' },
  { key: 'u2_levy', header: 'U2-Umlage berechnet', type: 'money' },
  { key: 'declared_u2', header: 'U2-Umlage gemeldet', type: 'money' },
  { key: 'diff_u2', header: 'Differenz U2 (gemeldet − berechnet)', type: 'money' },
  { key: 'reimbursed_u1', header: 'U1-Erstattungen (erstattet)', type: 'money' },
  { key: 'reimbursed_u2', header: 'U2-Erstattungen (erstattet)', type: 'money' },
];

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'];
/** Keys of the twelve monthly headcounts on Feststellung U1 (headcount_01 … headcount_12, as exported). */
export const HEADCOUNT_KEYS = MONTH_ABBREVIATIONS.map((_, i) => `headcount_${String(i + 1).padStart(2, '0')}`);

/** U1 participation for the following year beside the twelve headcounts it was decided from. */
export const LEVY_DETERMINATION_COLUMNS: readonly ColumnSpec[] = [
  { key: 'employer_id', header: 'Betriebsnummer', type: 'text', width: 14 },
  ...MONTH_ABBREVIATIONS.map((m, i): ColumnSpec => ({ key: HEADCOUNT_KEYS[i]!, header: `Beschäftigte ${m}`, type: 'decimal', width: 10 })),
  { key: 'months_considered', header: 'Monate berücksichtigt', type: 'int' },
  { key: 'months_at_most_30', header: 'Monate mit höchstens 30 Beschäftigten', type: 'int', width: 14 },
  { key: 'participates', header: 'U1-Teilnahme im Folgejahr', type: 'text', width: 12 },
  { key: 'basis', header: 'Grundlage', type: 'text', width: 40 },
  { key: 'reasons', header: 'Hinweise', type: 'text', width: 40 },
];

export const LEVY_REIMBURSEMENT_COLUMNS: readonly ColumnSpec[] = [
  { key: 'claim_id', header: 'Erstattungsantrag', type: 'text', width: 18 },
  { key: 'employer_id', header: 'Betriebsnummer', type: 'text', width: 14 },
  { key: 'kind', header: 'Art', type: 'text', width: 40 },
  { key: 'days', header: 'Tage', type: 'int' },
  { key: 'eligible_pay', header: 'Erstattungsfähiges Entgelt', type: 'money' },
  { key: 'capped_pay', header: 'Entgelt bis zur BBG RV', type: 'money' },
  { key: 'rate', header: 'Erstattungssatz', type: 'rate' },
  { key: 'reimbursement', header: 'Erstattung', type: 'money' },
  { key: 'decision', header: 'Entscheidung', type: 'text', width: 20 },
  { key: 'reason', header: 'Grund', type: 'text', width: 50 },
];

export const LEVY_FUND_COLUMNS: readonly ColumnSpec[] = [
  { key: 'procedure', header: 'Verfahren', type: 'text', width: 36 },
  { key: 'year', header: 'Jahr', type: 'id' },
  { key: 'opening_balance', header: 'Anfangsbestand', type: 'money' },
  { key: 'levies_declared', header: 'Umlagen gemeldet', type: 'money' },
  { key: 'levies_computed', header: 'Umlagen berechnet', type: 'money' },
  { key: 'reimbursements', header: 'Erstattungen (erstattet)', type: 'money' },
  { key: 'closing_balance', header: 'Endbestand', type: 'money' },
  { key: 'reserve_limit', header: 'Rücklagegrenze', type: 'money' },
  { key: 'reserve_status', header: 'Rücklagestatus', type: 'text', width: 30 },
  { key: 'break_even_rate', header: 'Kostendeckender Umlagesatz Folgejahr', type: 'rate', width: 14 },
  { key: 'break_even_rate_t50', header: 'Kostendeckender Satz Tarif 50', type: 'rate', width: 14 },
  { key: 'break_even_rate_t65', header: 'Kostendeckender Satz Tarif 65', type: 'rate', width: 14 },
];
