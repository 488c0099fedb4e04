/**
 * The five levy exports of data-contract.md: levy_months, u1_tariffs, u1_determination,
 * reimbursements, levy_fund — one row per key, byte order, money with 2 decimals, rates in
 * full precision, headcounts with 2 decimals, booleans true/false, nulls as empty fields.
 */
import type { ExportDefinition } from '../../src/runs/job-definition.ts';
import { resultRows } from '../../src/runs/paging.ts';

const bool = (v: boolean | null) => (v === null ? null : v ? 'true' : 'false');
const text = (v: string) => v || null;

export const levyMonthsExport: ExportDefinition = {
  name: 'levy_months',
  header: [
    'employer_id',
    'month',
    'u1_participates',
    'u1_tariff',
    'u1_rate',
    'u1_base',
    'u1_levy',
    'u2_rate',
    'u2_base',
    'u2_levy',
    'declared_u1',
    'declared_u2',
    'diff_u1',
    'diff_u2',
    'diff_class',
    'reasons',
  ],
  key: ['employer_id', 'month'],
  amounts: ['u1_base', 'u1_levy', 'u2_base', 'u2_levy', 'declared_u1', 'declared_u2', 'diff_u1', 'diff_u2'],
  async *rows(db, runId) {
    for await (const r of resultRows(db, 'levy_month_result', runId, ['employer_id', 'month'])) {
      yield [
        r.employer_id,
        r.month,
        bool(r.u1_participates),
        r.u1_tariff,
        r.u1_rate,
        r.u1_base,
        r.u1_levy,
        r.u2_rate,
        r.u2_base,
        r.u2_levy,
        r.declared_u1,
        r.declared_u2,
        r.diff_u1,
        r.diff_u2,
        r.diff_class,
        text(r.reasons),
      ];
    }
  },
};

export const u1TariffsExport: ExportDefinition = {
  name: 'u1_tariffs',
  header: ['employer_id', 'year', 'tariff', 'segments', 'reasons'],
  key: ['employer_id', 'year'],
  amounts: [],
  async *rows(db, runId) {
    for await (const r of resultRows(db, 'u1_tariff_result', runId, ['employer_id', 'year'])) {
      yield [r.employer_id, r.year, r.tariff, r.segments, text(r.reasons)];
    }
  },
};

const HEADCOUNT_COLUMNS = Array.from({ length: 12 }, (_, i) => `headcount_${String(i + 1).padStart(2, '0')}`);

export const u1DeterminationExport: ExportDefinition = {
  name: 'u1_determination',
  header: ['employer_id', 'year', 'months_considered', 'months_at_most_30', 'participates', 'basis', ...HEADCOUNT_COLUMNS, 'reasons'],
  key: ['employer_id', 'year'],
  // headcounts are counts, not money: a changed one lists the key without a delta
  amounts: [],
  async *rows(db, runId) {
    for await (const r of resultRows(db, 'u1_determination_result', runId, ['employer_id', 'year'])) {
      const headcounts = Array.from({ length: 12 }, (_, i) => r.headcounts[i] ?? null);
      yield [
        r.employer_id,
        r.year,
        r.months_considered,
        r.months_at_most_30,
        bool(r.participates),
        r.basis,
        ...headcounts,
        text(r.reasons),
      ];
    }
  },
};

export const reimbursementsExport: ExportDefinition = {
  name: 'reimbursements',
  header: ['claim_id', 'employer_id', 'kind', 'days', 'eligible_pay', 'capped_pay', 'rate', 'reimbursement', 'decision', 'reason'],
  key: ['claim_id'],
  amounts: ['eligible_pay', 'capped_pay', 'reimbursement'],
  moves: ['reimbursement'],
  async *rows(db, runId) {
    for await (const r of resultRows(db, 'reimbursement_result', runId, ['claim_id'])) {
      yield [r.claim_id, r.employer_id, r.kind, r.days, r.eligible_pay, r.capped_pay, r.rate, r.reimbursement, r.decision, r.reason];
    }
  },
};

export const levyFundExport: ExportDefinition = {
  name: 'levy_fund',
  header: [
    'procedure',
    'year',
    'opening_balance',
    'levies_declared',
    'levies_computed',
    'reimbursements',
    'closing_balance',
    'reserve_limit',
    'reserve_status',
    'break_even_rate',
    'break_even_rate_t50',
    'break_even_rate_t65',
  ],
  key: ['procedure', 'year'],
  amounts: ['opening_balance', 'levies_declared', 'levies_computed', 'reimbursements', 'closing_balance', 'reserve_limit'],
  async *rows(db, runId) {
    for await (const r of resultRows(db, 'levy_fund_result', runId, ['procedure', 'year'])) {
      yield [
        r.procedure,
        r.year,
        r.opening_balance,
        r.levies_declared,
        r.levies_computed,
        r.reimbursements,
        r.closing_balance,
        r.reserve_limit,
        r.reserve_status,
        r.break_even_rate,
        r.break_even_rate_t50,
        r.break_even_rate_t65,
      ];
    }
  },
};

export const LEVY_EXPORTS = [levyMonthsExport, u1TariffsExport, u1DeterminationExport, reimbursementsExport, levyFundExport];
