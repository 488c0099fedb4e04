/**
 * Job name → workbook. Reports depend on the jobs, never the reverse: each job's writer lives here
 * in reports/ and is paired with its job's plug-in, so the totals it receives have the type the
 * job's `storage.totals` returns (no casts). The machinery gets `workbookOf` injected (src/runs
 * never imports reports/).
 */
import type { JobName } from '../src/job-names.ts';
import type { JobDefinition } from '../src/runs/job-definition.ts';
import { JOBS } from '../jobs/registry.ts';
import { writeBonusWorkbook } from './bonus-crediting.ts';
import { writeLevyWorkbook } from './levy.ts';
import { writeNordostWorkbook } from './nordost-bonus-plan.ts';
import { writeTariffWorkbook } from './tariff-settlement.ts';
import type { WorkbookContext, WorkbookWriter } from './workbook-context.ts';

/** A job's workbook, bound to its job. */
export interface RunWorkbook {
  /**
   * Computes the run's totals with the job's own function (which checks them against the chunk
   * counts), writes the workbook with them and resolves to the totals, for the run record.
   */
  write(ctx: Omit<WorkbookContext, 'totals'>): Promise<object>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only T matters here; the parameters and chunk results are the job's own
function bind<T extends object>(job: JobDefinition<any, any, T>, writer: WorkbookWriter<T>): RunWorkbook {
  return {
    async write(ctx) {
      const totals = await job.storage.totals(ctx.db, ctx.run);
      await writer({ ...ctx, totals });
      return totals;
    },
  };
}

const WORKBOOKS = {
  'tariff-settlement': bind(JOBS['tariff-settlement'], writeTariffWorkbook),
  'bonus-crediting': bind(JOBS['bonus-crediting'], writeBonusWorkbook),
  levy: bind(JOBS.levy, writeLevyWorkbook),
  'nordost-bonus-plan': bind(JOBS['nordost-bonus-plan'], writeNordostWorkbook),
} satisfies { [K in JobName]: RunWorkbook };

export function workbookOf(name: JobName): RunWorkbook {
  return WORKBOOKS[name];
}
