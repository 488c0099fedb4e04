/**
 * The money of a run in the words operations read on the terminal (`release`, `status`): one
 * sentence per payment-list group ("pays 504.17 EUR to 3 members: § 18a payouts") and the run's
 * money totals. Amounts keep their exact decimal text; thousands are grouped for reading only.
 */
import { Decimal } from '../money.ts';
import type { MoneyTotal } from '../runs/job-definition.ts';
import type { ReleaseSummary } from '../runs/release.ts';

/** "1234567.8" → "1,234,567.80" (the CLI speaks English; the workbook groups the German way). */
export function groupedEur(eur: string): string {
  const negative = eur.startsWith('-');
  const [whole, fraction = ''] = (negative ? eur.slice(1) : eur).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction.padEnd(2, '0')} EUR`;
}

const WHAT: Record<string, { party: [string, string]; payout: string; receivable: string }> = {
  tariff: { party: ['member', 'members'], payout: '§ 18a payouts', receivable: '§ 18a receivables' },
  bonus_payout: { party: ['member', 'members'], payout: 'bonus payouts', receivable: 'bonus payouts taken back' },
  reimbursement: { party: ['employer', 'employers'], payout: 'U1/U2 reimbursements', receivable: 'U1/U2 reimbursements taken back' },
};

/** One sentence per (direction, category) of a payment list. */
export function paymentSentences(payments: ReleaseSummary['payments']): string[] {
  if (payments.length === 0) return ['payment list: nothing to pay or collect'];
  return payments.map((p) => {
    const what = WHAT[p.category] ?? { party: ['item', 'items'], payout: p.category, receivable: p.category };
    const party = `${p.count} ${what.party[p.count === 1 ? 0 : 1]}`;
    return p.direction === 'payout'
      ? `payment list: the fund pays ${groupedEur(p.amount)} to ${party} (${what.payout})`
      : `payment list: the fund collects ${groupedEur(p.amount)} from ${party} (${what.receivable})`;
  });
}

/** `money: payouts 504.17 EUR (3)` lines of `status <run>`. */
export function moneyLines(totals: MoneyTotal[]): string[] {
  return totals.map((t) => `money: ${t.label} ${groupedEur(t.eur)}${t.count === null ? '' : ` (${t.count})`}`);
}

const KLAERFALL_REASONS: Record<string, string> = {
  NO_BANK_ACCOUNT: 'no bank account',
  NO_ADDRESS: 'no payee address',
  PAYEE_DECEASED: 'payee deceased',
};

/** What became of the payment list at release: the file, the payment Klärfälle, receivables and reductions. */
export function dispositionSentences(
  runId: number,
  rows: readonly { kind: string; reason: string | null; count: number; amount: string; firstExecution: string | null }[],
): string[] {
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  const sum = (list: readonly { amount: string }[]) => list.reduce((t, r) => t.plus(r.amount), new Decimal(0)).toFixed(2);
  const count = (list: readonly { count: number }[]) => list.reduce((n, r) => n + r.count, 0);
  const lines: string[] = [];
  const transfers = of('TRANSFER');
  if (transfers.length > 0) {
    lines.push(
      `payment file: ${count(transfers)} credit transfers, ${groupedEur(sum(transfers))}, executed from ${transfers[0]!.firstExecution}`,
    );
  }
  const klaerfaelle = of('KLAERFALL');
  if (klaerfaelle.length > 0) {
    const why = klaerfaelle.map((r) => `${KLAERFALL_REASONS[r.reason ?? ''] ?? r.reason} ${r.count}`).join(', ');
    lines.push(
      `payment Klärfälle: ${count(klaerfaelle)} payouts, ${groupedEur(sum(klaerfaelle))}, not transferred (${why}): ` +
        `\`yearend pay ${runId} --by NAME\` once the data has arrived, or \`yearend decide ${runId} <key> reject\``,
    );
  }
  const receivables = of('RECEIVABLE');
  if (receivables.length > 0) lines.push(`receivables: ${count(receivables)}, ${groupedEur(sum(receivables))} to receivables management`);
  for (const [kind, text] of [
    ['REDUCES_RECEIVABLE', 'payouts reducing an open receivable'],
    ['REDUCES_PENDING', 'receivables reducing a payout not yet transferred'],
  ] as const) {
    const list = of(kind);
    if (list.length > 0) lines.push(`${text}: ${count(list)}, ${groupedEur(sum(list))}`);
  }
  return lines;
}
