/**
 * `yearend payfile <run> [--out DIR] [--check]`: a released run's payment files written again from
 * the stored dispositions (payments-and-ledger.md § 2.9), byte-identical: the credit-transfer
 * XML (its hash must equal the one recorded when it was first written), receivables, transfers and
 * postings CSV. `--check` validates each XML file again (own checks and both schemas).
 * `yearend pay <run> --by NAME`: the run's payment Klärfälle that now have data go into the next
 * file (§ 2.11), CreDtTm the moment of the call on the pipeline's day (YEAREND_TODAY or today).
 */
import { todayOf } from '../../config.ts';
import { momentOnDay } from '../../payments/file-moment.ts';
import { rewritePaymentFiles } from '../../runs/payment-files.ts';
import { payRun } from '../../runs/payment-pay.ts';
import { getRun } from '../../runs/run-store.ts';
import { writeRunReports } from '../../runs/run-reports.ts';
import { CliError, readyDatabase, type Context } from '../context.ts';

export async function payfileCommand(ctx: Context, runId: number, options: { out?: string; check: boolean }): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  const files = await rewritePaymentFiles(db, run, options.out ?? ctx.config.outputDir, options.check);
  for (const f of files) process.stdout.write(`written: ${f}\n`);
  if (options.check) process.stdout.write('every credit-transfer file passed the own checks and both schemas (ISO 20022, DK GBIC_5)\n');
  return 0;
}

export async function payCommand(ctx: Context, runId: number, by: string): Promise<number> {
  const { db } = await readyDatabase(ctx);
  const run = await getRun(db, runId);
  const day = todayOf(ctx.config);
  const result = await payRun(db, run, by, { day, moment: momentOnDay(day, new Date()), outputDir: ctx.config.outputDir });
  if (result.paid === 0) {
    process.stdout.write(
      `run ${runId}: no payment Klärfall can be paid yet (${result.stillOpen} open); import the missing bank data, or end one with \`yearend decide ${runId} <key> reject\`\n`,
    );
    return 0;
  }
  for (const r of result.records) process.stdout.write(`file ${r.fileNo} (${r.msgId}): ${r.nbOfTxs} transfer(s), ${r.ctrlSum} EUR\n`);
  for (const f of result.files) process.stdout.write(`written: ${f}\n`);
  if (result.stillOpen > 0) process.stdout.write(`${result.stillOpen} payment Klärfälle stay open\n`);
  // the workbook's Zahlungsdatei and Klärfälle show the new file; the payment stands if it cannot be written
  try {
    for (const f of await writeRunReports(await ctx.deps(), runId)) process.stdout.write(`written: ${f}\n`);
  } catch (error) {
    throw new CliError(
      `the files were paid, but the workbook could not be written (${(error as Error).message}); \`yearend report ${runId}\` writes it again`,
    );
  }
  return 0;
}
