/**
 * What a levy run of Y carries over from Y−1: each employer's tariff of Y−1 and its U1
 * participation for Y (decided a year earlier), and the funds' closing balances. They come from
 * the previous year's run (pipeline.md); u1_history.csv and levy_fund_balances.csv are used only
 * where no earlier run holds the figure. A missing opening balance stops the run.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { JobName } from '../../src/job-names.ts';
import { PermanentRunError } from '../../src/runs/job-definition.ts';
import { previousYearRun } from '../../src/runs/state-run.ts';
import type { LevyFundOpening, LevyHistory, Tariff } from './types.ts';

export async function chooseLevyStateRun(db: Kysely<DB>, run: { id: number; job: JobName; year: number }) {
  const state = await previousYearRun(db, run.job, run.year);
  const inputs = await db.selectFrom('run_input').select(['file_name', 'batch_id']).where('run_id', '=', run.id).execute();
  const balancesBatch = inputs.find((i) => i.file_name === 'levy_fund_balances.csv')?.batch_id ?? -1;
  await fundOpening(db, run.year, state.stateRunId, balancesBatch); // stops the run now if a balance is missing
  return state;
}

/** Opening balances of Y: the previous run's closing balances, else the file's. */
export async function fundOpening(
  db: Kysely<DB>,
  year: number,
  stateRunId: number | null,
  balancesBatch: number,
): Promise<LevyFundOpening> {
  const opening: LevyFundOpening = { year, u1: null, u2: null };
  if (stateRunId !== null) {
    const rows = await db
      .selectFrom('levy_fund_result')
      .select(['procedure', 'closing_balance'])
      .where('run_id', '=', stateRunId)
      .execute();
    for (const r of rows) opening[r.procedure === 'U1' ? 'u1' : 'u2'] = r.closing_balance;
  }
  const fromFile = await db
    .selectFrom('levy_fund_balance')
    .select(['procedure', 'opening_balance'])
    .where('batch_id', '=', balancesBatch)
    .where('year', '=', year)
    .execute();
  for (const r of fromFile) {
    const key = r.procedure === 'U1' ? 'u1' : 'u2';
    opening[key] ??= r.opening_balance;
  }
  const missing = (['u1', 'u2'] as const).filter((k) => opening[k] === null).map((k) => k.toUpperCase());
  if (missing.length > 0) {
    throw new PermanentRunError(
      `no opening balance of the ${missing.join(' and ')} fund for ${year}: neither a levy run of ${year - 1} nor levy_fund_balances.csv holds one`,
    );
  }
  return opening;
}

/** Per employer: Y−1's tariff (last segment) and Y's participation, run first, file second. */
export async function carriedHistory(
  db: Kysely<DB>,
  year: number,
  stateRunId: number | null,
  historyBatch: number,
  firstKey: string,
  lastKey: string,
): Promise<Map<string, LevyHistory>> {
  const history = new Map<string, LevyHistory>();
  const entry = (id: string) => {
    let h = history.get(id);
    if (!h) history.set(id, (h = { previousTariff: null, participates: null }));
    return h;
  };
  if (stateRunId !== null) {
    const tariffs = await db
      .selectFrom('u1_tariff_result')
      .select(['employer_id', 'segments'])
      .where('run_id', '=', stateRunId)
      .where('year', '=', year - 1)
      .where('employer_id', '>=', firstKey)
      .where('employer_id', '<=', lastKey)
      .execute();
    for (const t of tariffs) entry(t.employer_id).previousTariff = lastSegmentTariff(t.segments);
    const decided = await db
      .selectFrom('u1_determination_result')
      .select(['employer_id', 'participates'])
      .where('run_id', '=', stateRunId)
      .where('year', '=', year)
      .where('employer_id', '>=', firstKey)
      .where('employer_id', '<=', lastKey)
      .execute();
    for (const d of decided) if (d.participates !== null) entry(d.employer_id).participates = d.participates;
  }
  const rows = await db
    .selectFrom('u1_history')
    .select(['employer_id', 'year', 'participates', 'tariff'])
    .where('batch_id', '=', historyBatch)
    .where('year', 'in', [year - 1, year])
    .where('employer_id', '>=', firstKey)
    .where('employer_id', '<=', lastKey)
    .execute();
  for (const r of rows) {
    const h = entry(r.employer_id);
    if (r.year === year - 1 && h.previousTariff === null && r.tariff !== null) h.previousTariff = r.tariff as Tariff;
    if (r.year === year && h.participates === null) h.participates = r.participates;
  }
  return history;
}

/** `2025-01-01:65;2025-07-01:50` → 50: the tariff in force at the end of the year. */
function lastSegmentTariff(segments: string): Tariff | null {
  const last = segments.split(';').pop()?.split(':')[1];
  return last === '50' || last === '65' ? last : null;
}
