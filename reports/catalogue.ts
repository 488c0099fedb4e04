/**
 * The one catalogue of German texts in the workbooks (pipeline.md: "German column headers and
 * reason texts come from one catalogue"). Every record is checked with `satisfies` against the
 * union of its codes, so a new code without a text — or a stale text without a code — fails to
 * compile instead of showing finance a bare code.
 */
import type { DeclarationReason, MemberReason, Outcome } from '../jobs/tariff-settlement/types.ts';
import type { ColumnSpec } from './cells.ts';

// ---------------------------------------------------------------------------------------------
// Reason codes of the three jobs (rules-18a-tariff.md, rules-19a-bonus.md, rules-aag-levy.md)

/** § 18a: the job's own types list the codes; the catalogue follows them. */
export type TariffReasonCode = DeclarationReason | MemberReason;

export const BONUS_REASON_CODES = [
  'LATE_SUBMISSION',
  'NOT_INSURED',
  'TARIFF_18A_OVERLAP',
  'NOT_BONIFIABLE',
  'EXCLUDED_APP_CHANNEL',
  'INCOMPLETE_SET',
  'DUPLICATE',
  'FREQUENCY_LIMIT',
  'NOT_PARTICIPANT',
  'AGE_REQUIREMENT',
  'EXCLUDED',
  'ACTIVITY_THRESHOLD_NOT_MET',
  'DAILY_LIMIT',
  'MONTHLY_LIMIT',
  'GOAL_TOO_LONG',
  'GOAL_BELOW_80_PERCENT',
  'GOAL_OVERLAP',
  'GOAL_YEAR_LIMIT',
  'BELOW_MINIMUM',
  'INSUFFICIENT_BALANCE',
  'PLUS_BEFORE_2023',
  'DUPLICATE_PLUS_SERVICE',
] as const;
export type BonusReasonCode = (typeof BONUS_REASON_CODES)[number];

export const LEVY_REASON_CODES = [
  'TARIFF_DEFAULTED',
  'ELECTION_LATE',
  'EXPECTED_HEADCOUNT_MISSING',
  'HISTORY_MISSING',
  'PAY_ABOVE_CEILING',
  'DECLARATION_MISSING',
  'DECLARATION_WITHOUT_PAY',
  'NOT_IN_U1',
  'NOT_IN_U2',
  'OVERLAP',
  'NOT_INSURED_WITH_FUND',
  'EXCEEDS_SIX_WEEKS',
] as const;
export type LevyReasonCode = (typeof LEVY_REASON_CODES)[number];

/**
 * AOK Nordost bonus plan: codes no other job has. Its other codes share a text with § 18a
 * (declarations, INCOME_MISSING, …) or take the plan's own wording from catalogue-nordost.ts
 * (HISTORY_MISSING, LATE_SUBMISSION, FREQUENCY_LIMIT mean something else there).
 */
export type NordostReasonCode = 'OUTSIDE_PARTICIPATION';

/** Pipeline-level code: the rules could not process a record (data the import could not catch). */
export type PipelineReasonCode = 'PROCESSING_ERROR';

export type ReasonCode = TariffReasonCode | BonusReasonCode | LevyReasonCode | NordostReasonCode | PipelineReasonCode;

export const REASON_TEXTS = {
  PROCESSING_ERROR: 'Datensatz konnte nicht verarbeitet werden (widersprüchliche Daten) – angehalten, bitte prüfen',
  // § 18a AOK PLUS aktiv — declaration level (Klärfälle sheet)
  NOT_A_MEMBER: 'Kein Mitglied am Teilnahmebeginn (familienversichert oder nicht versichert) – Teilnahmeerklärung abgelehnt',
  THIRD_PARTY_AT_ENROLMENT: 'Beiträge am Teilnahmebeginn vollständig von Dritten getragen – Teilnahmeerklärung abgelehnt',
  DECLARATION_OUT_OF_ORDER:
    'Erklärung passt nicht zum Teilnahmestand (Wechsel oder Kündigung ohne laufende Teilnahme, Anmeldung während laufender Teilnahme) – nicht berücksichtigt',
  // § 18a — member level
  BONUS_PROGRAMME_OVERLAP: 'Teilnahme überschneidet sich mit dem Bonusprogramm nach § 19a – Abrechnung angehalten',
  INCOME_MISSING: 'Beitragspflichtige Einnahmen des Jahres fehlen – Abrechnung angehalten',
  CONTRIBUTIONS_MISSING: 'Vom Mitglied getragene Beiträge des Jahres fehlen – Abrechnung angehalten',
  CLASS_REDUCED: 'Gewählte Tarifklasse über der zulässigen Klasse – auf die zulässige Klasse herabgesetzt',
  PREMIUM_CAPPED: 'Prämie durch die Höchstgrenze nach § 53 Abs. 8 SGB V gekürzt',
  // § 19a Bonusprogramm — proofs
  LATE_SUBMISSION: 'Nachweis nach dem 31. März des Folgejahres eingegangen',
  NOT_INSURED: 'Am maßgeblichen Tag nicht bei der AOK PLUS versichert',
  TARIFF_18A_OVERLAP: 'Am maßgeblichen Tag Teilnahme am Wahltarif nach § 18a (AOK PLUS aktiv)',
  NOT_BONIFIABLE: 'Maßnahme ist nicht bonusfähig (z. B. Reiseimpfung)',
  EXCLUDED_APP_CHANNEL: 'Nachweis per App während eines Ausschlusses nach § 19a Abs. 8 – nur Papiernachweise zählen',
  INCOMPLETE_SET: 'Nachweise unvollständig (U1–U3 nicht vollständig bzw. Zahnvorsorge unter 18 nicht in beiden Halbjahren)',
  DUPLICATE: 'Doppelter Nachweis (gleiche Maßnahme am selben Tag)',
  FREQUENCY_LIMIT: 'Maßnahme im Kalenderjahr bereits bonifiziert (Häufigkeitsgrenze)',
  // § 19a — app activities and health goals
  NOT_PARTICIPANT: 'Außerhalb eines Teilnahmezeitraums am Bonusprogramm',
  AGE_REQUIREMENT: 'Mindestalter nicht erreicht',
  EXCLUDED: 'Während eines Ausschlusses vom Bonusprogramm nach § 19a Abs. 8',
  ACTIVITY_THRESHOLD_NOT_MET:
    'Aktivität erreicht keine Mindestanforderung (150 kcal in 30 Minuten, Ø-Puls 120 über 30 Minuten oder 10.000 Schritte)',
  DAILY_LIMIT: 'Tageshöchstgrenze erreicht (eine Aktivität je Kalendertag)',
  MONTHLY_LIMIT: 'Monatshöchstgrenze erreicht (15 Aktivitäten je Kalendermonat)',
  GOAL_TOO_LONG: 'Gesundheitsziel dauerte länger als 90 Tage',
  GOAL_BELOW_80_PERCENT: 'Weniger als 80 % der Challenges des Gesundheitsziels erfüllt',
  GOAL_OVERLAP: 'Gesundheitsziel überschneidet sich mit einem bereits gutgeschriebenen Ziel',
  GOAL_YEAR_LIMIT: 'Bereits vier Gesundheitsziele im Kalenderjahr gutgeschrieben',
  // § 19a — payouts
  BELOW_MINIMUM: 'Barauszahlung unter der Mindestgrenze von 500 Punkten',
  INSUFFICIENT_BALANCE: 'Punktestand reicht für die Auszahlung nicht aus',
  PLUS_BEFORE_2023: 'PLUS-Leistung vor dem 1. Januar 2023 in Anspruch genommen',
  DUPLICATE_PLUS_SERVICE: 'Beleg der PLUS-Leistung wurde bereits abgerechnet',
  // U1/U2 (AAG)
  TARIFF_DEFAULTED: 'Kein U1-Tarif bekannt – Tarif 65 zugeordnet',
  ELECTION_LATE: 'Tarifwahl verspätet eingegangen – nicht berücksichtigt',
  EXPECTED_HEADCOUNT_MISSING: 'Voraussichtliche Beschäftigtenzahl des neu gegründeten Betriebs fehlt – angehalten',
  HISTORY_MISSING: 'U1-Teilnahme im Jahr nicht bekannt (keine Feststellung aus dem Vorjahr) – U1-Erstattungen angehalten',
  PAY_ABOVE_CEILING: 'Arbeitsentgelt über der Beitragsbemessungsgrenze der Rentenversicherung – auf die Grenze begrenzt',
  DECLARATION_MISSING: 'Keine Umlage gemeldet, obwohl umlagepflichtiges Arbeitsentgelt vorliegt – Differenz in Höhe der berechneten Umlage',
  DECLARATION_WITHOUT_PAY: 'Umlage gemeldet (nicht 0,00 €), aber kein umlagepflichtiges Arbeitsentgelt – Differenz in Höhe der Meldung',
  NOT_IN_U1: 'Arbeitgeber nimmt im Jahr des Erstattungszeitraums nicht am U1-Verfahren teil',
  NOT_IN_U2: 'Arbeitgeber nimmt nicht am U2-Verfahren teil (von der Umlagepflicht ausgenommen)',
  OVERLAP: 'Überschneidung mit einem bereits erstatteten Antrag derselben Person und Art',
  NOT_INSURED_WITH_FUND: 'Beschäftigte Person zu Beginn des Zeitraums nicht bei der AOK PLUS versichert',
  EXCEEDS_SIX_WEEKS: 'Zeitraum länger als sechs Wochen Entgeltfortzahlung (42 Tage) – zur Prüfung angehalten',
  // AOK Nordost Bonus Plan — health proofs
  OUTSIDE_PARTICIPATION: 'Nachweis an einem Tag ohne Teilnahme am Bonus Plan erbracht (vor Beginn, nach Ende oder während des Ruhens)',
} as const satisfies Record<ReasonCode, string>;

export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASON_TEXTS, code);
}

/** German text of a code; an unknown code (stale data) shows as itself rather than vanish. */
export function reasonText(code: string): string {
  return isReasonCode(code) ? REASON_TEXTS[code] : code;
}

/** German texts of a `;`-separated code list (the exports' `reasons` column) or a code array. */
export function reasonsText(codes: string | readonly string[] | null | undefined): string {
  const list = typeof codes === 'string' ? codes.split(';') : (codes ?? []);
  return list
    .filter((c) => c !== '')
    .map(reasonText)
    .join('; ');
}

// ---------------------------------------------------------------------------------------------
// Outcomes, decisions, jobs, runs

export const OUTCOME_TEXTS = {
  payout: 'Auszahlung',
  receivable: 'Forderung',
  zero: 'ausgeglichen',
  held: 'angehalten (Klärfall)',
} as const satisfies Record<Outcome, string>;

export type ReimbursementDecision = 'approved' | 'rejected' | 'held';
export const REIMBURSEMENT_DECISION_TEXTS = {
  approved: 'erstattet',
  rejected: 'abgelehnt',
  held: 'angehalten (Klärfall)',
} as const satisfies Record<ReimbursementDecision, string>;

export type DiffClass = 'none' | 'rounding' | 'difference';
export const DIFF_CLASS_TEXTS = {
  none: 'keine Abweichung',
  rounding: 'Rundungsdifferenz',
  difference: 'Differenz',
} as const satisfies Record<DiffClass, string>;

export type RunKindName = 'final' | 'dry' | 'correction';
export const RUN_KIND_TEXTS = {
  final: 'Abrechnungslauf',
  dry: 'Probelauf (vorläufig)',
  correction: 'Korrekturlauf',
} as const satisfies Record<RunKindName, string>;

export type RunStatusName = 'queued' | 'running' | 'computed' | 'approved' | 'released' | 'failed' | 'cancelled';
export const RUN_STATUS_TEXTS = {
  queued: 'wartet',
  running: 'läuft',
  computed: 'berechnet',
  approved: 'genehmigt (Vier-Augen-Prüfung)',
  released: 'freigegeben',
  failed: 'fehlgeschlagen',
  cancelled: 'abgebrochen',
} as const satisfies Record<RunStatusName, string>;

/** Parameter sets by their German name (Übersicht, "Parameterversion: …"); an unknown one shows as itself. */
const PARAMETER_TEXTS: Record<string, string> = {
  premium_cap: 'Prämiengrenze § 53 Abs. 8 SGB V',
  tariff_class_table: 'Tarifklassentabelle § 18a',
  bonus_parameters: 'Bonusprogramm § 19a (Fristen, Grenzen, Umrechnung)',
  bonus_points_table: 'Punktetabelle § 19a',
  levy_rates: 'Umlage- und Erstattungssätze U1/U2',
  pension_ceiling: 'Beitragsbemessungsgrenze der Rentenversicherung',
  nordost_parameters: 'Bonusplan AOK Nordost',
  bonus_plan_class_table: 'Bonusklassentabelle AOK Bonus Plan (AOK Nordost)',
  bonus_plan_values: 'AOK Bonus Plan: Gesundheitsbonus, Fristen, leistungsfreie Monate',
  payment_parameters: 'Zahlungsverkehr',
};

export function parameterText(name: string): string {
  return PARAMETER_TEXTS[name] ?? name;
}

// ---------------------------------------------------------------------------------------------
// Workbook texts

/** Banner row and page header of every sheet of a dry run's workbook. */
export const PRELIMINARY_BANNER = 'VORLÄUFIG – Probelauf, nicht freigabefähig';

export const SHEET_NAMES = {
  overview: 'Übersicht',
  parameters: 'Parameter',
  tariffDetail: 'Einzelabrechnung',
  exceptions: 'Klärfälle',
  corrections: 'Korrekturen',
} as const;

/** Export fields of tariff_settlement (data-contract.md), in export order. */
export const TARIFF_EXPORT_FIELDS = [
  'member_id',
  'year',
  'participation_months',
  'premium_prorated',
  'cap_prorated',
  'outpatient_events',
  'inpatient_events',
  'events_amount',
  'deductible',
  'premium_cap_statutory',
  'premium_paid',
  'balance',
  'outcome',
  'due_on',
  'classes',
  'reasons',
] as const;
export type TariffExportField = (typeof TARIFF_EXPORT_FIELDS)[number];

export const TARIFF_DETAIL_HEADERS = {
  member_id: 'KVNR',
  year: 'Jahr',
  participation_months: 'Teilnahmemonate',
  premium_prorated: 'Prämie anteilig',
  cap_prorated: 'Höchstbetrag Selbstbehalte anteilig',
  outpatient_events: 'Ambulante Behandlungen mit Verordnung',
  inpatient_events: 'Vollstationäre Aufenthalte',
  events_amount: 'Selbstbehalte vor Höchstbetrag',
  deductible: 'Selbstbehalt',
  premium_cap_statutory: 'Prämiengrenze § 53 Abs. 8 SGB V',
  premium_paid: 'Prämie nach Prämiengrenze',
  balance: 'Saldo (Prämie − Selbstbehalt)',
  outcome: 'Ergebnis',
  due_on: 'fällig am',
  classes: 'Tarifklassen (Klasse:Monate)',
  reasons: 'Hinweise',
} as const satisfies Record<TariffExportField, string>;

const TARIFF_FIELD_TYPES = {
  member_id: 'text',
  year: 'id',
  participation_months: 'int',
  premium_prorated: 'money',
  cap_prorated: 'money',
  outpatient_events: 'int',
  inpatient_events: 'int',
  events_amount: 'money',
  deductible: 'money',
  premium_cap_statutory: 'money',
  premium_paid: 'money',
  balance: 'money',
  outcome: 'text',
  due_on: 'date',
  classes: 'text',
  reasons: 'text',
} as const satisfies Record<TariffExportField, ColumnSpec['type']>;

const TARIFF_WIDTHS: Partial<Record<TariffExportField, number>> = { member_id: 13, year: 7, outcome: 22, reasons: 40 };

/** Columns of the § 18a Einzelabrechnung: export keys, German headers, cell types. */
export const TARIFF_DETAIL_COLUMNS: readonly ColumnSpec[] = TARIFF_EXPORT_FIELDS.map((key) => ({
  key,
  header: TARIFF_DETAIL_HEADERS[key],
  type: TARIFF_FIELD_TYPES[key],
  ...(TARIFF_WIDTHS[key] === undefined ? {} : { width: TARIFF_WIDTHS[key] }),
}));

// Payments (issue 13, payments-and-ledger.md § 6): what became of a payment-list row.

/** Reasons of payment Klärfälle (Klärfälle sheet, Verbleib). */
export const PAYMENT_KLAERFALL_TEXTS: Readonly<Record<string, string>> = {
  NO_BANK_ACCOUNT: 'Keine gültige Bankverbindung am Ausführungstag',
  NO_ADDRESS: 'Konto außerhalb des EWR: Anschrift des Kontoinhabers fehlt',
  PAYEE_DECEASED: 'Zahlungsempfänger verstorben: Zahlung an Erben klären',
};

/** Dispositions of § 2.1–2.3 as finance reads them (Zahlungsliste „Verbleib“, Zahlungsdatei). */
export const DISPOSITION_TEXTS: Readonly<Record<string, string>> = {
  TRANSFER: 'überwiesen',
  KLAERFALL: 'Klärfall',
  RECEIVABLE: 'an Forderungsmanagement',
  REDUCES_RECEIVABLE: 'Forderungsminderung',
  REDUCES_PENDING: 'Minderung offener Auszahlungen',
};
