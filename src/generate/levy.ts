/**
 * The U1/U2 files (data-contract.md "U1/U2"; rules-aag-levy.md) for year Y: employers.csv,
 * u1_elections.csv, u1_history.csv, employments.csv, pay_months.csv, levy_declarations.csv,
 * reimbursement_claims.csv and levy_fund_balances.csv.
 *
 * Employer by employer: build the facts, write every file's rows, drop them; the file streams are
 * drained between employers, so 150,000 employers need no more memory than 1,000. The
 * hand-built employers (worked examples, edge cases) come first with fixed numbers and no bad rows
 * near them, then `employers` random ones. Each random employer draws from its own streams
 * (`Rng.derive(seed, 'levy', n)`, forked per part), and ids come from the part's own counters:
 * the member files never see a draw or an id of this part, and 0 employers write no file at all.
 */
import { generateClaims } from './levy-claims.ts';
import { randomEmployer } from './levy-employers.ts';
import { LEVY_EDGE_CASES } from './levy-edge-cases.ts';
import { LEVY_EXAMPLES, type LevyEdgeCase } from './levy-examples.ts';
import { levyBadRowMakers } from './levy-bad-rows.ts';
import { LEVY_FILES, LEVY_FILE_SPECS, LevyIds, employerIdFor, levyYear, type LevyEmployer, type LevyYear } from './levy-model.ts';
import { declarationRows, payRows, type DeclarationRow, type PayRow } from './levy-pay.ts';
import { generateStaff } from './levy-staff.ts';
import { centsToMoney, iso, type RowOutput } from './model.ts';
import { DatasetOutput, IdCounters, type BadRowRecord } from './output.ts';
import { Rng } from './random.ts';

/** Employer numbers below this are the hand-built ones' (room for more to come). */
const HAND_BUILT_NUMBERS = 100;

export const LEVY_HAND_BUILT: readonly LevyEdgeCase[] = [...LEVY_EXAMPLES, ...LEVY_EDGE_CASES];

/** The hand-built employers with their Betriebsnummern (the same in every data set). */
export function levyEdgeCaseEmployers(): { key: string; rule: string; employerId: string }[] {
  return LEVY_HAND_BUILT.map((edge, i) => ({ key: edge.key, rule: edge.rule, employerId: edge.id ?? employerIdFor(i) }));
}

export interface LevyOptions {
  employers: number;
  year: number;
  seed: string;
  outDir: string;
}

function writeEmployer(
  out: RowOutput,
  e: LevyEmployer,
  y: LevyYear,
  pays: readonly PayRow[],
  declarations: readonly DeclarationRow[],
  ids: LevyIds,
): void {
  const id = e.id;
  out.row(LEVY_FILES.employers, [
    id,
    e.name,
    iso(e.openedOn),
    e.closedOn === null ? null : iso(e.closedOn),
    e.u1Exempt,
    e.aagExempt,
    e.expectedHeadcount,
  ]);
  for (const el of [...e.elections].sort((a, b) => a.year - b.year || a.receivedOn - b.receivedOn)) {
    out.row(LEVY_FILES.elections, [id, el.year, el.tariff, iso(el.receivedOn)]);
  }
  for (const h of e.history) out.row(LEVY_FILES.history, [id, h.year, h.participates, h.tariff]);
  for (const p of e.employees) {
    for (const s of p.segments) {
      out.row(LEVY_FILES.employments, [id, p.id, iso(s.from), s.to === null ? null : iso(s.to), s.category, s.hours, s.insured]);
    }
  }
  for (const r of pays) {
    out.row(LEVY_FILES.pay, [id, r.employeeId, y.monthName[r.month], r.svDays, centsToMoney(r.regular), centsToMoney(r.oneTime), r.short]);
  }
  for (const d of declarations) {
    out.row(LEVY_FILES.declarations, [
      id,
      y.monthName[d.month],
      d.u1 === null ? null : centsToMoney(d.u1),
      d.u2 === null ? null : centsToMoney(d.u2),
    ]);
  }
  for (const c of e.claims) {
    out.row(LEVY_FILES.claims, [
      ids.nextClaimId(),
      id,
      c.employeeId,
      c.kind,
      iso(c.from),
      iso(c.to),
      centsToMoney(c.continuedPay),
      c.employerContributions === null ? null : centsToMoney(c.employerContributions),
    ]);
  }
}

/** Opening balances of both funds for Y, in proportion to the number of employers. */
function writeBalances(out: RowOutput, rng: Rng, year: number, employers: number): void {
  out.row(LEVY_FILES.balances, ['U1', year, centsToMoney(employers * rng.int(90_000, 160_000) + rng.int(0, 99))]);
  out.row(LEVY_FILES.balances, ['U2', year, centsToMoney(employers * rng.int(25_000, 45_000) + rng.int(0, 99))]);
}

export async function generateLevyFiles(opts: LevyOptions): Promise<{ files: { file: string; rows: number }[]; badRows: BadRowRecord[] }> {
  if (LEVY_HAND_BUILT.length > HAND_BUILT_NUMBERS) throw new RangeError('too many hand-built employers for their numbers');
  const y = levyYear(opts.year);
  const ids = new LevyIds();
  const out = await DatasetOutput.open(opts.outDir, LEVY_FILE_SPECS, {
    members: opts.employers,
    year: opts.year,
    ids: new IdCounters(), // the member makers' ids: not used by the U1/U2 files
    makers: levyBadRowMakers(ids),
  });
  try {
    out.quiet = true;
    const edgeRng = Rng.derive(opts.seed, 'levy-hand-built');
    LEVY_HAND_BUILT.forEach((edge, i) => {
      const employer = edge.build({ y, ids }, edge.id ?? employerIdFor(i));
      const pays = payRows(employer, y, edgeRng);
      writeEmployer(out, employer, y, pays, declarationRows(employer, pays, y, edgeRng), ids);
    });
    out.quiet = false;
    for (let n = 0; n < opts.employers; n++) {
      const rng = Rng.derive(opts.seed, 'levy', n);
      const plan = randomEmployer(rng.fork(), y, employerIdFor(HAND_BUILT_NUMBERS + n));
      const { employer } = plan;
      employer.employees = generateStaff(rng.fork(), plan, y, ids);
      employer.claims = generateClaims(rng.fork(), employer, y);
      const pays = payRows(employer, y, rng.fork());
      writeEmployer(out, employer, y, pays, declarationRows(employer, pays, y, rng.fork()), ids);
      if (out.mustDrain) await out.drain();
    }
    writeBalances(out, Rng.derive(opts.seed, 'levy-funds'), opts.year, opts.employers + LEVY_HAND_BUILT.length);
  } catch (error) {
    await out.close().catch(() => undefined);
    throw error;
  }
  await out.close();
  return { files: out.files(), badRows: out.badRows };
}
