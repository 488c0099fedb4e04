/**
 * The payment files on the workbook of a released run (payments-and-ledger.md § 6):
 *  - Zahlungsliste gains Referenz (EndToEndId), Ausführung am and Verbleib (dispositionTexts);
 *  - the sheet Zahlungsdatei: per file and PmtInf MsgId, created, execution date, debtor IBAN,
 *    count and sum (the stored value, and beside it a SUMIF over the Zahlungsliste rows whose
 *    Verbleib ends with the PmtInfId), then count and sum per disposition and the check
 *    transfers + Klärfälle + reductions + receivables = the payment list;
 *  - payment Klärfälle as rows of the Klärfälle sheet (Art „Zahlung“);
 *  - bonus runs: Aufrechnungshinweise (§ 3), information only.
 * Reading of the spec: the SUMIF sums whole Zahlungsliste rows, so a row split by a reduction
 * (REDUCES_RECEIVABLE + transfer) counts with its full amount there — the stored value beside it
 * is the transfer's; they differ only for such rows.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { Decimal } from '../src/money.ts';
import { paymentInstructions } from '../src/payments/pain001.ts';
import { creditTransferFileOf, paymentFileRecords } from '../src/runs/payment-files.ts';
import type { RunRecord } from '../src/runs/run-store.ts';
import { DISPOSITION_TEXTS, PAYMENT_KLAERFALL_TEXTS } from './catalogue.ts';
import { formula, letterOf, type ColumnSpec, type ReportWorkbook, type SheetPart, type SummarySection } from './workbook.ts';

export const PAYMENT_FILE_SHEET = 'Zahlungsdatei';
export const OFFSET_SHEET = 'Aufrechnungshinweise';

/** The columns Zahlungsliste gains (appended, so the existing formulas keep their letters). */
export const DISPOSITION_COLUMNS: readonly ColumnSpec[] = [
  { header: 'Referenz (EndToEndId)', key: 'end_to_end_id', type: 'text', width: 20 },
  { header: 'Ausführung am', key: 'execution_date', type: 'date' },
  { header: 'Verbleib', key: 'verbleib', type: 'text', width: 60 },
];

interface DispositionRow {
  category: string;
  item_key: string;
  kind: string;
  reason: string | null;
  amount: string;
  execution_date: string | null;
  end_to_end_id: string;
  file_no: number | null;
  reduces_run_id: number | null;
  resolution: string | null;
  resolved_by: string | null;
  member_id: string | null;
  employer_id: string | null;
  due_on: string;
}

async function dispositionRows(db: Kysely<DB>, runId: number): Promise<DispositionRow[]> {
  const rows = await sql<DispositionRow>`
    SELECT d.category, d.item_key, d.kind, d.reason, d.amount::text AS amount, d.execution_date::text AS execution_date,
           d.end_to_end_id, d.file_no, d.reduces_run_id::int AS reduces_run_id, d.resolution, d.resolved_by,
           p.member_id, p.employer_id, d.due_on::text AS due_on
    FROM run_payment_disposition d
    JOIN run_payment p ON p.run_id = d.run_id AND p.category = d.category AND p.item_key = d.item_key
    WHERE d.run_id = ${runId}
    ORDER BY d.category, d.item_key, d.part`.execute(db);
  return rows.rows;
}

const euro = (amount: string) => `${new Decimal(amount).toFixed(2).replace('.', ',')} €`;

/** PmtInfId of every transfer, by `<file> <EndToEndId>`. */
async function pmtInfIds(db: Kysely<DB>, run: RunRecord) {
  const out = new Map<string, string>();
  const files = [];
  for (const r of await paymentFileRecords(db, run.id)) {
    const message = await creditTransferFileOf(db, run, { fileNo: r.file_no, createdAt: r.created_at, fileDate: r.file_date });
    const instructions = paymentInstructions(message);
    for (const i of instructions) for (const t of i.transfers) out.set(`${r.file_no} ${t.endToEndId}`, i.pmtInfId);
    files.push({ record: r, msgId: message.msgId, instructions });
  }
  return { byTransfer: out, files };
}

function partText(d: DispositionRow, pmtInf: Map<string, string>): string {
  switch (d.kind) {
    case 'TRANSFER':
      return `${DISPOSITION_TEXTS.TRANSFER} ${euro(d.amount)}, Datei ${d.file_no}, ${pmtInf.get(`${d.file_no} ${d.end_to_end_id}`) ?? ''}`;
    case 'KLAERFALL': {
      const resolved =
        d.resolution === 'rejected'
          ? ` (abgelehnt von ${d.resolved_by}: ohne Überweisung erledigt)`
          : d.resolution === 'paid'
            ? ' (geklärt)'
            : ' (offen)';
      return `${DISPOSITION_TEXTS.KLAERFALL} ${euro(d.amount)}: ${PAYMENT_KLAERFALL_TEXTS[d.reason!] ?? d.reason}${resolved}`;
    }
    case 'REDUCES_PENDING':
      return `${DISPOSITION_TEXTS.REDUCES_PENDING} ${euro(d.amount)} (Lauf ${d.reduces_run_id})`;
    default:
      return `${DISPOSITION_TEXTS[d.kind] ?? d.kind} ${euro(d.amount)}`;
  }
}

export interface DispositionTexts {
  get(category: string, itemKey: string): { end_to_end_id: string | null; execution_date: string | null; verbleib: string | null };
}

/**
 * Referenz, Ausführung am and Verbleib per payment-list row. The transfer's PmtInfId ends the
 * text, so Zahlungsdatei sums a PmtInf with SUMIF(Verbleib, "*<PmtInfId>"). A Klärfall paid later
 * lists its transfer after it (same reference, the later file).
 */
export async function dispositionTexts(db: Kysely<DB>, run: RunRecord): Promise<DispositionTexts> {
  const { byTransfer } = await pmtInfIds(db, run);
  const map = new Map<string, { end_to_end_id: string; execution_date: string | null; parts: string[] }>();
  for (const d of await dispositionRows(db, run.id)) {
    const key = `${d.category}\u0000${d.item_key}`;
    const entry = map.get(key) ?? { end_to_end_id: d.end_to_end_id, execution_date: null, parts: [] };
    if (d.execution_date !== null) entry.execution_date = d.execution_date;
    entry.parts.push(partText(d, byTransfer));
    map.set(key, entry);
  }
  return {
    get(category, itemKey) {
      const e = map.get(`${category}\u0000${itemKey}`);
      return e
        ? { end_to_end_id: e.end_to_end_id, execution_date: e.execution_date, verbleib: e.parts.join('; ') }
        : { end_to_end_id: null, execution_date: null, verbleib: null };
    },
  };
}

/** Payment Klärfälle as rows of the Klärfälle sheet (EXCEPTION_COLUMNS keys). */
export async function paymentKlaerfallRows(db: Kysely<DB>, runId: number): Promise<Record<string, unknown>[]> {
  const rows = await sql<DispositionRow & { resolved_at: Date | null; resolution_note: string | null }>`
    SELECT d.category, d.item_key, d.kind, d.reason, d.amount::text AS amount, d.due_on::text AS due_on, d.resolution,
           d.resolved_by, d.resolved_at, d.resolution_note, p.member_id, p.employer_id
    FROM run_payment_disposition d
    JOIN run_payment p ON p.run_id = d.run_id AND p.category = d.category AND p.item_key = d.item_key
    WHERE d.run_id = ${runId} AND d.kind = 'KLAERFALL'
    ORDER BY d.category, d.item_key`.execute(db);
  return rows.rows.map((r) => ({
    type: 'Zahlung',
    key: r.item_key,
    party: r.member_id ?? r.employer_id,
    subject: `Auszahlung, fällig am ${germanDay(r.due_on!)}`,
    // a payout the file did not carry: the fund owes it (+)
    amount: r.amount,
    code: r.reason,
    text: PAYMENT_KLAERFALL_TEXTS[r.reason!] ?? r.reason,
    ifApproved: 'Kein Genehmigen: sobald die Daten vorliegen, überweist `yearend pay` den Betrag mit der nächsten Zahlungsdatei',
    ifRejected: 'Keine Überweisung; der Fall ist beendet (z. B. an Erben von Hand gezahlt)',
    decision: r.resolution === 'paid' ? 'bezahlt (yearend pay)' : r.resolution === 'rejected' ? 'abgelehnt' : 'offen',
    decidedBy: r.resolved_by,
    decidedAt: r.resolved_at,
    note: r.resolution_note,
  }));
}

/** `2029-06-30` → `30.06.2029` (inside a text; date columns are date cells). */
function germanDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** The Zahlungsdatei sheet of a released run; `zahlungsliste` are the parts of the Zahlungsliste sheet. */
export async function addPaymentFileSheet(
  book: ReportWorkbook,
  db: Kysely<DB>,
  run: RunRecord,
  zahlungsliste: readonly SheetPart[],
  columns: readonly ColumnSpec[],
): Promise<void> {
  const { files } = await pmtInfIds(db, run);
  const verbleibCol = letterOf(columns, 'verbleib');
  const amountCol = letterOf(columns, 'amount');
  const sumIfEnding = (id: string) =>
    zahlungsliste
      .map((p) => {
        const s = `'${p.sheetName.replace(/'/g, "''")}'`;
        const last = Math.max(p.lastDataRow, p.firstDataRow);
        return `SUMIF(${s}!${verbleibCol}${p.firstDataRow}:${verbleibCol}${last},"*${id}",${s}!${amountCol}${p.firstDataRow}:${amountCol}${last})`;
      })
      .join('+') || '0';
  const sections: SummarySection[] = files.map((f) => ({
    title: `Datei ${f.record.file_no}: ${f.msgId}, erstellt ${f.record.created_at} von ${f.record.written_by}`,
    rows: [
      { label: 'Überweisungen (Anzahl)', value: f.record.nb_of_txs, type: 'int' },
      { label: 'Summe (Kontrollsumme der Datei)', value: f.record.ctrl_sum, type: 'money' },
    ],
    table: {
      columns: [
        { header: 'PmtInfId', key: 'id', type: 'text', width: 30 },
        { header: 'Ausführung am', key: 'date', type: 'date' },
        { header: 'Auftraggeberkonto (IBAN)', key: 'iban', type: 'text', width: 26 },
        { header: 'Anzahl', key: 'count', type: 'int' },
        { header: 'Summe', key: 'sum', type: 'money' },
        { header: 'Summe laut Zahlungsliste (Formel)', key: 'formula', type: 'money' },
      ],
      rows: f.instructions.map((i) => ({
        id: i.pmtInfId,
        date: i.executionDate,
        iban: i.debtorIban,
        count: i.transfers.length,
        sum: i.ctrlSum,
        formula: formula(sumIfEnding(i.pmtInfId), i.ctrlSum),
      })),
    },
  }));

  const group = new Map<string, { count: number; sum: Decimal }>();
  const add = (label: string, amount: string) => {
    const g = group.get(label) ?? { count: 0, sum: new Decimal(0) };
    g.count += 1;
    g.sum = g.sum.plus(amount);
    group.set(label, g);
  };
  // the release's own dispositions (a later `pay` transfer is the same money as its Klärfall)
  const released = await sql<{ kind: string; reason: string | null; amount: string }>`
    SELECT kind, reason, amount::text AS amount FROM run_payment_disposition WHERE run_id = ${run.id} AND origin = 'release'`.execute(db);
  for (const d of released.rows) {
    add(
      d.kind === 'KLAERFALL' ? `${DISPOSITION_TEXTS.KLAERFALL}: ${PAYMENT_KLAERFALL_TEXTS[d.reason!]}` : DISPOSITION_TEXTS[d.kind]!,
      d.amount,
    );
  }
  const list = await db
    .selectFrom('run_payment')
    .select(['direction', sql<string>`sum(amount)::text`.as('sum'), sql<number>`count(*)::int`.as('count')])
    .where('run_id', '=', run.id)
    .groupBy('direction')
    .execute();
  if (released.rows.length === 0 && list.length > 0) {
    // released before migration 0014: the run has a payment list but never had payment files
    await book.addSummary(PAYMENT_FILE_SHEET, [
      { title: 'Keine Überweisungsdatei', rows: [{ label: 'Stand', value: 'vor Einführung der Zahlungsdateien freigegeben' }] },
    ]);
    return;
  }
  const listSum = (dir: string) => list.find((l) => l.direction === dir)?.sum ?? '0.00';
  const sumOf = (labels: string[]) => labels.reduce((a, l) => a.plus(group.get(l)?.sum ?? 0), new Decimal(0));
  const klaerLabels = [...group.keys()].filter((l) => l.startsWith(`${DISPOSITION_TEXTS.KLAERFALL}:`));
  const payoutSide = sumOf([DISPOSITION_TEXTS.TRANSFER!, DISPOSITION_TEXTS.REDUCES_RECEIVABLE!, ...klaerLabels]);
  const receivableSide = sumOf([DISPOSITION_TEXTS.RECEIVABLE!, DISPOSITION_TEXTS.REDUCES_PENDING!]);
  if (!payoutSide.equals(listSum('payout')) || !receivableSide.equals(listSum('receivable'))) {
    throw new Error(`workbook check failed: the dispositions of run ${run.id} do not add up to its payment list`);
  }
  sections.push({
    title: 'Verbleib der Zahlungsliste (bei der Freigabe)',
    rows: [
      { label: 'Auszahlungen laut Zahlungsliste', value: listSum('payout'), type: 'money' },
      { label: 'Prüfung: Überweisungen + Klärfälle + Forderungsminderungen = Auszahlungen', value: payoutSide.toFixed(2), type: 'money' },
      { label: 'Forderungen laut Zahlungsliste', value: listSum('receivable'), type: 'money' },
      {
        label: 'Prüfung: an Forderungsmanagement + Minderung offener Auszahlungen = Forderungen',
        value: receivableSide.toFixed(2),
        type: 'money',
      },
    ],
    table: {
      columns: [
        { header: 'Verbleib', key: 'label', type: 'text', width: 60 },
        { header: 'Anzahl', key: 'count', type: 'int' },
        { header: 'Summe', key: 'sum', type: 'money' },
      ],
      rows: [...group.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([label, g]) => ({ label, count: g.count, sum: g.sum.toFixed(2) })),
    },
  });
  if (sections.length === 1)
    sections.unshift({ title: 'Keine Überweisungsdatei', rows: [{ label: 'Stand', value: 'diese Freigabe überweist nichts' }] });
  await book.addSummary(PAYMENT_FILE_SHEET, sections);
}

/**
 * Aufrechnungshinweise of a bonus release (§ 3, information only): a cash payout in it and a net
 * receivable of the same member on a released § 18a payment list. The pipeline does not offset.
 */
export async function addOffsetHintSheet(book: ReportWorkbook, db: Kysely<DB>, run: RunRecord): Promise<void> {
  const rows = await sql<{ member_id: string; item_key: string; amount: string; year: number; receivable: string }>`
    SELECT p.member_id, p.item_key, p.amount::text AS amount, t.year, (-t.net)::text AS receivable
    FROM run_payment p
    JOIN (SELECT tp.member_id, r.year, sum(CASE tp.direction WHEN 'payout' THEN tp.amount ELSE -tp.amount END) AS net
            FROM run_payment tp JOIN run r ON r.id = tp.run_id
           WHERE r.job = 'tariff-settlement' AND r.status = 'released'
           GROUP BY tp.member_id, r.year) t ON t.member_id = p.member_id AND t.net < 0
    WHERE p.run_id = ${run.id} AND p.direction = 'payout' AND p.detail = 'cash'
    ORDER BY p.member_id, p.item_key, t.year`.execute(db);
  await book.addSummary(OFFSET_SHEET, [
    {
      title: 'Aufrechnungshinweise (nur Information: die Pipeline rechnet nicht auf, § 51 SGB I; für das Forderungsmanagement)',
      rows: [{ label: 'Fälle', value: rows.rows.length, type: 'int' }],
      table: {
        columns: [
          { header: 'KVNR', key: 'member_id', type: 'text', width: 13 },
          { header: 'Bonus-Posten', key: 'item_key', type: 'text', width: 20 },
          { header: 'Geldprämie (Auszahlung)', key: 'amount', type: 'money' },
          { header: 'Tarifjahr § 18a', key: 'year', type: 'int' },
          { header: 'offene Nettoforderung § 18a', key: 'receivable', type: 'money' },
        ],
        rows: rows.rows,
      },
    },
  ]);
}
