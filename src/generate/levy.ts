/**
 * The U1/U2 files (data-contract.md "U1/U2"; rules-aag-levy.md) for year Y, employer by employer
 * like the members (index.ts): streams per part and employer number (`levy employer`,
 * `employments.csv`, …), ids from that number; 0 employers write no file at all.
 */
import { levyYear, randomEmployer, type LevyEmployer, type LevyYear } from './levy-model.ts';
import { declarationRows, generateClaims, payRows } from './levy-pay.ts';
import { generateStaff } from './levy-staff.ts';
import { employerIdFor } from './ids.ts';
import { centsToMoney, iso, rowId, table, type GenContext } from './model.ts';

const money = (cents: number | null) => (cents === null ? null : centsToMoney(cents));
const day = (d: number | null) => (d === null ? null : iso(d));

function writeEmployer(ctx: GenContext, e: LevyEmployer, y: LevyYear, n: number): void {
  const { out } = ctx;
  const employer_id = e.id;
  const month = (m: number) => iso(y.monthStart[m]!).slice(0, 7);
  out.row('employers.csv', {
    employer_id,
    name: e.name,
    account_opened_on: iso(e.openedOn),
    closed_on: day(e.closedOn),
    u1_exempt: e.u1Exempt,
    aag_exempt: e.aagExempt,
    expected_headcount: e.expectedHeadcount,
  });
  for (const el of [...e.elections].sort((a, b) => a.year - b.year || a.receivedOn - b.receivedOn)) {
    out.row('u1_elections.csv', { employer_id, year: el.year, tariff: el.tariff, received_on: iso(el.receivedOn) });
  }
  for (const h of e.history) out.row('u1_history.csv', { employer_id, year: h.year, participates: h.participates, tariff: h.tariff });
  for (const p of e.employees) {
    for (const s of p.segments) {
      out.row('employments.csv', {
        employer_id,
        employee_id: p.id,
        valid_from: iso(s.from),
        valid_to: day(s.to),
        category: s.category,
        weekly_hours: s.hours,
        insured_with_fund: s.insured,
      });
    }
  }
  const pays = payRows(e, y, ctx.rng('pay_months.csv', n));
  for (const r of pays) {
    out.row('pay_months.csv', {
      employer_id,
      employee_id: r.employeeId,
      month: month(r.month),
      sv_days: r.svDays,
      pay_regular: money(r.regular),
      pay_one_time: money(r.oneTime),
      short_no_efzg: r.short,
    });
  }
  for (const d of declarationRows(e, pays, y, ctx.rng('levy_declarations.csv', n))) {
    out.row('levy_declarations.csv', { employer_id, month: month(d.month), declared_u1: money(d.u1), declared_u2: money(d.u2) });
  }
  const claims = generateClaims(ctx.rng('reimbursement_claims.csv', n), e, y);
  out.numbered('reimbursement_claims.csv', (k) => rowId('AAG', n, k), claims, { employer_id });
}

/** Writes `employers` random employers and the opening balances of both levy funds. */
export async function writeLevyFiles(ctx: GenContext, employers: number, scenarioEmployers: number): Promise<void> {
  const y = levyYear(ctx.year);
  for (let n = 0; n < employers; n++) {
    const employer = randomEmployer(ctx.rng('levy employer', n), y, employerIdFor(n));
    let k = 0;
    employer.employees = generateStaff(ctx.rng('employments.csv', n), employer, y, () => rowId('E', n, k++, 3));
    writeEmployer(ctx, employer, y, n);
    if (ctx.out.mustDrain) await ctx.out.drain();
  }
  // in proportion to the number of employers
  const rng = ctx.rng('levy_fund_balances.csv', 0);
  const all = employers + scenarioEmployers;
  for (const [procedure, lo, hi] of table<[string, number, number]>('U1 90000 160000; U2 25000 45000')) {
    const opening_balance = centsToMoney(all * rng.int(lo, hi) + rng.int(0, 99));
    ctx.out.row('levy_fund_balances.csv', { procedure, year: ctx.year, opening_balance });
  }
}
