/**
 * The ledger postings of a release and of a later `pay` file (payments-and-ledger.md § 4):
 * aggregated, never per person — the sub-ledger is the payment list plus `_transfers.csv` (same
 * keys) — and their sums equal the row sums (checked here: a mismatch throws, the release rolls
 * back).
 *
 * | posting              | date           | debit                | credit               | one per           |
 * | payout released      | release day    | P&L of cost object   | VERB_VERS / VERB_AG_ | cost object, due_on |
 * | receivable released  | release day    | FORD_VERS            | P&L of cost object   | cost object, due_on |
 * | REDUCES_RECEIVABLE   | release day    | P&L                  | FORD_VERS            | cost object       |
 * | REDUCES_PENDING      | release day    | VERB_…               | P&L                  | cost object       |
 * | transfer             | execution date | VERB_…               | ZV_AUSGANG           | PmtInf            |
 *
 * Readings of the table (the worked example § 5 fixes them: 41-001 is 504.17 over 3 payouts, the
 * Klärfall's 150.00 included, and VERB_VERS keeps that 150.00 open until `pay`):
 *   - "payout released" books the part of a payout that becomes a liability to the payee: its
 *     TRANSFER and KLAERFALL dispositions. The part that reduces an open receivable
 *     (REDUCES_RECEIVABLE) is booked P&L / FORD_VERS instead; booking it P&L / VERB as well would
 *     charge the expense twice.
 *   - "receivable released" books RECEIVABLE dispositions; the part of a receivable row that
 *     reduces a payout never transferred (REDUCES_PENDING) is booked VERB / P&L instead.
 *   - So payout released + REDUCES_RECEIVABLE = the payout rows' sum, receivable released +
 *     REDUCES_PENDING = the receivable rows' sum: the check against the payment list.
 *   - FORD_VERS is one account for every ledger (the spec names no U1/U2 receivable account).
 *   - Transfer postings carry no cost object or due date (a PmtInf may mix cost objects, e.g.
 *     bonus cash and PLUS); their reference is the PmtInfId, which the bank statement shows.
 *
 * Order and numbering (`<run>-<nnn>`, at least three digits): payout released, receivable
 * released (each by cost object in C order, then due_on), REDUCES_RECEIVABLE, REDUCES_PENDING (by
 * cost object), then transfers by execution date and PmtInfId (numbers in it compared as numbers,
 * so file 10 follows file 9). A `pay` file's postings continue the run's numbering from
 * `firstNumber` (the next free number, which the caller reads from the stored postings).
 *
 * Account numbers are parameters (effective-dated, set by finance): passed in, never constants.
 */
import Decimal from 'decimal.js';
import type { IsoDate } from '../dates.ts';
import { compareC, naturalC } from './order.ts';
import { sumAmounts } from './pain001.ts';
import type { CostObject, DispositionKind, Ledger, Posting } from './types.ts';

/** One disposition (or the part of a row it covers) as the postings need it. */
export interface DispositionFact {
  kind: DispositionKind;
  ledger: Ledger;
  costObject: CostObject;
  /** > 0, at most two fraction digits */
  amount: string;
  /** the payment-list row's due_on */
  dueOn: IsoDate;
  /** TRANSFER: the PmtInf it is paid in (pain001.ts paymentInstructions) — else null */
  pmtInfId: string | null;
  /** TRANSFER: ReqdExctnDt of that PmtInf — else null */
  executionDate: IsoDate | null;
}

/** The accounts of § 4, by the spec's names; the values are the parameters' account numbers. */
export interface LedgerAccounts {
  AUFW_WT18A: string;
  AUFW_BONUS: string;
  AUFW_ERST_U1: string;
  AUFW_ERST_U2: string;
  VERB_VERS: string;
  VERB_AG_U1: string;
  VERB_AG_U2: string;
  FORD_VERS: string;
  ZV_AUSGANG: string;
}

/** The sums of the payment-list rows this release disposes of (the check of § 4). */
export interface PaymentListTotals {
  payouts: string;
  receivables: string;
}

export interface PostingRun {
  runId: number;
  /** the number of the first posting: 1 at release, the next free one for `pay` */
  firstNumber: number;
}

export interface ReleasePostingRun extends PostingRun {
  /** posting date of the release postings */
  releaseDay: IsoDate;
  /** reference of the release postings: the run's file prefix `<job>_<year>_<run>`, where the payment list is */
  reference: string;
}

/** The PmtInf sums of the written file(s), to check the transfer postings against. */
export interface PmtInfSum {
  pmtInfId: string;
  ctrlSum: string;
}

const PNL: Readonly<Record<CostObject, keyof LedgerAccounts>> = {
  WT18A: 'AUFW_WT18A',
  BONUS_CASH: 'AUFW_BONUS',
  BONUS_PLUS: 'AUFW_BONUS',
  AAG_U1: 'AUFW_ERST_U1',
  AAG_U2: 'AUFW_ERST_U2',
};

/** The AAG funds are special funds (§ 8 AAG): each cost object belongs to one ledger. */
const LEDGER_OF: Readonly<Record<CostObject, Ledger>> = {
  WT18A: 'KV',
  BONUS_CASH: 'KV',
  BONUS_PLUS: 'KV',
  AAG_U1: 'U1',
  AAG_U2: 'U2',
};

const LIABILITY: Readonly<Record<Ledger, keyof LedgerAccounts>> = { KV: 'VERB_VERS', U1: 'VERB_AG_U1', U2: 'VERB_AG_U2' };

export const POSTING_TEXT = {
  payout: 'Auszahlungen freigegeben',
  receivable: 'Forderungen freigegeben',
  reducesReceivable: 'Forderungsminderung',
  reducesPending: 'Minderung offener Auszahlungen',
  transfer: 'Überweisung',
} as const;

const AMOUNT = /^\d+(\.\d{1,2})?$/;

function checkFact(f: DispositionFact): void {
  if (!AMOUNT.test(f.amount) || new Decimal(f.amount).lte(0))
    throw new RangeError(`${f.kind} disposition: amount not a positive decimal with at most two fraction digits`);
  if (LEDGER_OF[f.costObject] !== f.ledger)
    throw new RangeError(`${f.kind} disposition: cost object ${f.costObject} is not booked in ledger ${f.ledger}`);
}

interface Group {
  key: string[];
  facts: DispositionFact[];
}

function groupBy(
  facts: readonly DispositionFact[],
  keyOf: (f: DispositionFact) => string[],
  order: (a: string[], b: string[]) => number,
): Group[] {
  const groups = new Map<string, Group>();
  for (const f of facts) {
    const key = keyOf(f);
    const id = JSON.stringify(key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, facts: [] }));
    g.facts.push(f);
  }
  return [...groups.values()].sort((a, b) => order(a.key, b.key));
}

const byKeyC = (a: string[], b: string[]) => {
  for (let i = 0; i < a.length; i++) {
    const c = compareC(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
};

class Numbering {
  private next: number;
  constructor(
    private readonly runId: number,
    first: number,
  ) {
    if (!Number.isSafeInteger(runId) || runId < 1) throw new RangeError('run id must be a whole number ≥ 1');
    if (!Number.isSafeInteger(first) || first < 1) throw new RangeError('the first posting number must be a whole number ≥ 1');
    this.next = first;
  }
  id(): string {
    return `${this.runId}-${String(this.next++).padStart(3, '0')}`;
  }
}

function sumOf(facts: readonly { amount: string }[]): string {
  return sumAmounts(facts.map((f) => f.amount));
}

function checkSum(what: string, postings: readonly Posting[], expected: string): void {
  const booked = sumOf(postings);
  if (!new Decimal(booked).eq(expected))
    throw new Error(`postings: ${what} booked ${booked}, rows sum to ${new Decimal(expected).toFixed(2)}`);
}

function transferPostingsNumbered(
  facts: readonly DispositionFact[],
  accounts: LedgerAccounts,
  numbering: Numbering,
  fileSums: readonly PmtInfSum[] | undefined,
): Posting[] {
  const transfers = facts.filter((f) => f.kind === 'TRANSFER');
  for (const f of transfers) {
    if (f.pmtInfId === null || f.executionDate === null) throw new RangeError('TRANSFER disposition without PmtInfId or execution date');
  }
  const groups = groupBy(
    transfers,
    (f) => [f.executionDate!, f.pmtInfId!],
    (a, b) => compareC(a[0]!, b[0]!) || naturalC(a[1]!, b[1]!),
  );
  const postings = groups.map(({ key: [executionDate, pmtInfId], facts: g }): Posting => {
    const ledgers = new Set(g.map((f) => f.ledger));
    if (ledgers.size !== 1) throw new Error(`postings: PmtInf ${pmtInfId} mixes ledgers`);
    if (transfers.some((f) => f.pmtInfId === pmtInfId && f.executionDate !== executionDate)) {
      throw new Error(`postings: PmtInf ${pmtInfId} with two execution dates`);
    }
    const ledger = g[0]!.ledger;
    return {
      postingId: numbering.id(),
      postingDate: executionDate!,
      ledger,
      debitAccount: accounts[LIABILITY[ledger]],
      creditAccount: accounts.ZV_AUSGANG,
      amount: sumOf(g),
      costObject: '',
      dueOn: null,
      count: g.length,
      text: POSTING_TEXT.transfer,
      reference: pmtInfId!,
    };
  });
  checkSum('transfers', postings, sumOf(transfers));
  if (fileSums) {
    const booked = new Map(postings.map((p) => [p.reference, p.amount]));
    const written = new Map(fileSums.map((s) => [s.pmtInfId, new Decimal(s.ctrlSum).toFixed(2)]));
    const same = booked.size === written.size && [...written].every(([id, sum]) => booked.get(id) === sum);
    if (!same) throw new Error('postings: the transfer postings do not match the PmtInf sums of the written file(s)');
  }
  return postings;
}

/**
 * The postings of a `pay` file (§ 2.11): one transfer posting per PmtInf on its execution date.
 * Only TRANSFER dispositions may be given (the payout was booked at release).
 */
export function transferPostings(
  facts: readonly DispositionFact[],
  accounts: LedgerAccounts,
  run: PostingRun,
  fileSums?: readonly PmtInfSum[],
): Posting[] {
  for (const f of facts) {
    checkFact(f);
    if (f.kind !== 'TRANSFER') throw new RangeError(`a later file posts transfers only, not ${f.kind}`);
  }
  return transferPostingsNumbered(facts, accounts, new Numbering(run.runId, run.firstNumber), fileSums);
}

/** The postings of a release: the release-day postings, then the transfers of its file(s). */
export function releasePostings(
  facts: readonly DispositionFact[],
  accounts: LedgerAccounts,
  run: ReleasePostingRun,
  totals: PaymentListTotals,
  fileSums?: readonly PmtInfSum[],
): Posting[] {
  for (const f of facts) checkFact(f);
  const numbering = new Numbering(run.runId, run.firstNumber);
  const releaseDay = (
    kinds: readonly DispositionKind[],
    perDueDate: boolean,
    text: string,
    accountsOf: (f: DispositionFact) => [string, string],
  ): Posting[] =>
    groupBy(
      facts.filter((f) => kinds.includes(f.kind)),
      (f) => (perDueDate ? [f.costObject, f.dueOn] : [f.costObject]),
      byKeyC,
    ).map(({ facts: g }) => {
      const first = g[0]!;
      const [debitAccount, creditAccount] = accountsOf(first);
      return {
        postingId: numbering.id(),
        postingDate: run.releaseDay,
        ledger: first.ledger,
        debitAccount,
        creditAccount,
        amount: sumOf(g),
        costObject: first.costObject,
        dueOn: perDueDate ? first.dueOn : null,
        count: g.length,
        text,
        reference: run.reference,
      };
    });
  const pnl = (f: DispositionFact) => accounts[PNL[f.costObject]];
  const verb = (f: DispositionFact) => accounts[LIABILITY[f.ledger]];
  const payouts = releaseDay(['TRANSFER', 'KLAERFALL'], true, POSTING_TEXT.payout, (f) => [pnl(f), verb(f)]);
  const receivables = releaseDay(['RECEIVABLE'], true, POSTING_TEXT.receivable, (f) => [accounts.FORD_VERS, pnl(f)]);
  const reducesReceivable = releaseDay(['REDUCES_RECEIVABLE'], false, POSTING_TEXT.reducesReceivable, (f) => [pnl(f), accounts.FORD_VERS]);
  const reducesPending = releaseDay(['REDUCES_PENDING'], false, POSTING_TEXT.reducesPending, (f) => [verb(f), pnl(f)]);
  checkSum('payouts (released and reducing receivables)', [...payouts, ...reducesReceivable], totals.payouts);
  checkSum('receivables (released and reducing pending payouts)', [...receivables, ...reducesPending], totals.receivables);
  const transfers = transferPostingsNumbered(facts, accounts, numbering, fileSums);
  return [...payouts, ...receivables, ...reducesReceivable, ...reducesPending, ...transfers];
}
