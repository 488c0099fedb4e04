/**
 * The Klärfälle sheet (pipeline.md, "Klärfälle"; issue 11 item 8): one row per item that needs a
 * human decision, all its reasons together, with what finance decides on — the party (KVNR or
 * Betriebsnummer), the claim or year, the amount at stake (Saldo, Erstattung) and, in a German
 * sentence, what approving and what rejecting would do at the release (src/runs/decide.ts,
 * sql/…/payment-list.sql). An empty sheet says "Keine Klärfälle".
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { Decimal } from '../src/money.ts';
import { AMOUNT_UNKNOWN_CODES } from '../src/runs/decide.ts';
import { reasonText } from './catalogue.ts';
import { CLAIM_KIND_TEXTS } from './catalogue-levy.ts';
import type { ColumnSpec } from './cells.ts';

export const EXCEPTION_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Art', key: 'type', type: 'text' },
  { header: 'Schlüssel', key: 'key', type: 'text' },
  { header: 'KVNR / Betriebsnummer', key: 'party', type: 'text' },
  { header: 'Bezug', key: 'subject', type: 'text', maxWidth: 30 },
  { header: 'Betrag (+ zahlt die Kasse, − fordert sie)', key: 'amount', type: 'money' },
  { header: 'Grund (Code)', key: 'code', type: 'text', maxWidth: 28 },
  { header: 'Grund', key: 'text', type: 'text', width: 30, maxWidth: 40 },
  { header: 'Wenn genehmigt', key: 'ifApproved', type: 'text', width: 30, maxWidth: 36 },
  { header: 'Wenn abgelehnt', key: 'ifRejected', type: 'text', width: 30, maxWidth: 36 },
  { header: 'Entscheidung', key: 'decision', type: 'text' },
  { header: 'Entschieden von', key: 'decidedBy', type: 'text', maxWidth: 20 },
  { header: 'Entschieden am', key: 'decidedAt', type: 'datetime' },
  { header: 'Begründung', key: 'note', type: 'text', width: 20, maxWidth: 36 },
];

/** The row of an empty sheet. */
export const NO_KLAERFAELLE = { type: 'Keine Klärfälle' } as const;

const DECISION_TEXTS: Record<string, string> = { approve: 'genehmigt', reject: 'abgelehnt' };

const ITEM_TYPE_TEXTS: Record<string, string> = {
  member: 'Mitglied',
  declaration: 'Erklärung',
  employer: 'Arbeitgeber',
  claim: 'Erstattungsantrag',
};

export const EFFECT_TEXTS = {
  unknownApprove: 'Nicht möglich: Betrag unbekannt – fehlende Daten importieren, Korrekturlauf starten',
  unknownReject: 'Nichts wird gezahlt oder gefordert; die Daten kommen mit einem Korrekturlauf',
  payoutApprove: 'Der Saldo wird mit der Freigabe ausgezahlt',
  receivableApprove: 'Der Saldo wird mit der Freigabe gefordert',
  zeroApprove: 'Saldo 0,00 €: nichts wird gezahlt oder gefordert',
  memberReject: 'Nichts wird gezahlt oder gefordert',
  claimApprove: 'Die Erstattung wird mit der Freigabe an den Arbeitgeber gezahlt',
  claimReject: 'Die Erstattung wird nicht gezahlt',
  declaration: 'Wird dokumentiert; die Erklärung bleibt unberücksichtigt, kein Betrag ändert sich',
  otherApprove: 'Der berechnete Betrag wird mit der Freigabe gezahlt bzw. gefordert',
  otherReject: 'Nichts wird gezahlt oder gefordert',
} as const;

interface Item {
  item_type: string;
  item_key: string;
  member_id: string | null;
  codes: string[];
  held: boolean;
  decision: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
  balance: string | null;
  claim_employer: string | null;
  claim_kind: string | null;
  claim_days: number | null;
  reimbursement: string | null;
}

/** Items that need a human decision (held items and rejected declarations), one row each, with any decision taken. */
export async function klaerfaelleRows(db: Kysely<DB>, runId: number): Promise<Record<string, unknown>[]> {
  const result = await sql<Item>`
    WITH item AS (
      SELECT item_type, item_key, max(member_id) AS member_id, array_agg(code ORDER BY code) AS codes, bool_or(held) AS held
      FROM run_exception
      WHERE run_id = ${runId} AND (held OR item_type = 'declaration')
      GROUP BY item_type, item_key
    )
    SELECT i.item_type, i.item_key, i.member_id, i.codes, i.held,
           d.decision, d.decided_by, d.decided_at, d.note,
           t.balance::text AS balance,
           c.employer_id AS claim_employer, c.kind AS claim_kind, c.days AS claim_days, c.reimbursement::text AS reimbursement
    FROM item i
    LEFT JOIN run_decision d ON d.run_id = ${runId} AND d.item_type = i.item_type AND d.item_key = i.item_key
    LEFT JOIN tariff_result t ON i.item_type = 'member' AND t.run_id = ${runId} AND t.member_id = i.item_key
    LEFT JOIN reimbursement_result c ON i.item_type = 'claim' AND c.run_id = ${runId} AND c.claim_id = i.item_key
    ORDER BY i.item_type COLLATE "C", i.item_key COLLATE "C"`.execute(db);
  return result.rows.map(klaerfallRow);
}

function klaerfallRow(r: Item): Record<string, unknown> {
  const unknown = r.codes.some((c) => AMOUNT_UNKNOWN_CODES.has(c));
  const stake = stakeOf(r);
  const [ifApproved, ifRejected] = effectsOf(r, unknown);
  return {
    type: ITEM_TYPE_TEXTS[r.item_type] ?? r.item_type,
    key: r.item_key,
    party: stake.party,
    subject: stake.subject,
    amount: stake.amount,
    code: r.codes.join('; '),
    text: r.codes.map(reasonText).join('; '),
    ifApproved,
    ifRejected,
    decision: r.decision ? DECISION_TEXTS[r.decision] : 'offen',
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    note: r.note,
    // the unformatted id, for tests and adapters
    memberId: r.member_id,
  };
}

/** Who, what about, and the amount the decision is about. */
function stakeOf(r: Item): { party: string | null; subject: string | null; amount: string | null } {
  switch (r.item_type) {
    case 'member':
      return { party: r.member_id ?? r.item_key, subject: r.balance === null ? null : 'Saldo der Jahresabrechnung', amount: r.balance };
    case 'declaration':
      return { party: r.member_id, subject: 'Teilnahmeerklärung', amount: null };
    case 'claim':
      return {
        party: r.claim_employer,
        subject: r.claim_kind
          ? `Erstattung ${CLAIM_KIND_TEXTS[r.claim_kind as keyof typeof CLAIM_KIND_TEXTS] ?? r.claim_kind}, ${r.claim_days} Tage`
          : null,
        amount: r.reimbursement,
      };
    case 'employer': {
      // levy employer items are keyed `<Betriebsnummer>/<year>` (jobs/levy/store.ts)
      const [employer, year] = r.item_key.split('/');
      return { party: employer ?? r.item_key, subject: year ? `U1-Teilnahme ${year}` : null, amount: null };
    }
    default:
      return { party: r.member_id, subject: null, amount: null };
  }
}

function effectsOf(r: Item, unknown: boolean): [string, string] {
  if (r.item_type === 'declaration') return [EFFECT_TEXTS.declaration, EFFECT_TEXTS.declaration];
  if (unknown) return [EFFECT_TEXTS.unknownApprove, EFFECT_TEXTS.unknownReject];
  if (r.item_type === 'member') {
    const sign = new Decimal(r.balance ?? 0).comparedTo(0);
    const approve = sign > 0 ? EFFECT_TEXTS.payoutApprove : sign < 0 ? EFFECT_TEXTS.receivableApprove : EFFECT_TEXTS.zeroApprove;
    return [approve, EFFECT_TEXTS.memberReject];
  }
  if (r.item_type === 'claim') return [EFFECT_TEXTS.claimApprove, EFFECT_TEXTS.claimReject];
  return [EFFECT_TEXTS.otherApprove, EFFECT_TEXTS.otherReject];
}
