/** German texts of the AOK Nordost bonus plan workbook (part of the one catalogue; shared texts in catalogue.ts). */
import { NORDOST_BONUS_PLAN_COLUMNS } from '../jobs/nordost-bonus-plan/columns.ts';
import type { ClaimFreeSource, MemberReason, ProofReason } from '../jobs/nordost-bonus-plan/types.ts';
import type { ColumnSpec } from './cells.ts';

export const NORDOST_SHEET_NAMES = { participants: 'Teilnehmer' } as const;

type Field = (typeof NORDOST_BONUS_PLAN_COLUMNS)[number];

/** Teilnehmer: the export's columns under German headers, with their cell types. */
const FIELDS: Record<Field, [string, ColumnSpec['type'], number?]> = {
  member_id: ['KVNR', 'text', 13],
  year: ['Jahr', 'int', 7],
  participation_start: ['Teilnahmebeginn', 'date'],
  participation_months: ['Teilnahmemonate', 'int'],
  classes: ['Bonusklassen (Klasse:Monate)', 'text', 18],
  basic_bonus: ['Grundbonus', 'money'],
  health_bonus: ['Gesundheitsbonus', 'money'],
  additional_bonus: ['Zusatzbonus', 'money'],
  bonus_total: ['Boni gesamt', 'money'],
  premium_cap_statutory: ['Höchstprämie § 53 Abs. 8', 'money'],
  bonus_paid: ['Boni nach Höchstprämie', 'money'],
  outpatient_events: ['Arztbesuche mit Verordnung', 'int'],
  inpatient_days: ['Krankenhaustage', 'int'],
  events_amount: ['Eigenbeteiligung vor Höchstbetrag', 'money'],
  copay_cap: ['Höchstbetrag Eigenbeteiligung anteilig', 'money'],
  copay: ['Eigenbeteiligung', 'money'],
  balance: ['Saldo (Boni − Eigenbeteiligung)', 'money'],
  outcome: ['Ergebnis', 'text', 22],
  due_on: ['fällig am', 'date'],
  claim_free_months: ['leistungsfreie Monate', 'int'],
  health_proof_id: ['Nachweis Gesundheitsbonus', 'text', 16],
  reasons: ['Hinweise', 'text', 40],
};

export const NORDOST_PARTICIPANT_COLUMNS: readonly ColumnSpec[] = [
  ...NORDOST_BONUS_PLAN_COLUMNS.map((key) => {
    const [header, type, width] = FIELDS[key];
    return { key, header, type, ...(width === undefined ? {} : { width }) };
  }),
  { key: 'claim_free_source', header: 'Herkunft leistungsfreie Monate des Vorjahres', type: 'text', width: 28 },
];

export const CLAIM_FREE_SOURCE_TEXTS = {
  none: 'nicht benötigt',
  run: 'Vorjahreslauf',
  history: 'Historiendatei',
  missing: 'fehlt',
} as const satisfies Record<ClaimFreeSource, string>;

/** The plan's wording where a code means something else in another job (HISTORY_MISSING: U1 there). */
export const NORDOST_REASON_TEXTS: Partial<Record<MemberReason | ProofReason, string>> = {
  HISTORY_MISSING: 'Leistungsfreie Monate des Vorjahres nicht bekannt (kein Vorjahreslauf, keine Historienzeile) – Abrechnung angehalten',
  PREMIUM_CAPPED: 'Boni durch die Höchstprämie nach § 53 Abs. 8 SGB V gekürzt',
  LATE_SUBMISSION: 'Nachweis nach der Einreichungsfrist (31. März des Folgejahres) eingegangen',
  FREQUENCY_LIMIT: 'Gesundheitsbonus im Jahr bereits durch einen anderen Nachweis erreicht',
};

export const PROOF_PATH_TEXTS: Record<string, string> = {
  prevention_set: 'Vorsorge und Impfungen (Bonusheft)',
  sports_badge: 'Sportabzeichen',
  fitness_test: 'Fitnesstest',
};
