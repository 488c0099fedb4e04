/**
 * The reconciling section of a correction's Übersicht (pipeline.md, "Reconciliation (2026-12)"):
 * from the Korrekturen deltas of the money-moving columns to what the payment list moves, line by
 * line, each a named cause (src/runs/reconcile.ts). The first line is checked against the
 * Korrekturen sheet's own sums, so the three figures finance compares are one figure.
 */
import { Decimal } from '../src/money.ts';
import { reconcilePayments } from '../src/runs/reconcile.ts';
import type { ExportDefinition } from '../src/runs/job-definition.ts';
import { jobOf } from '../jobs/registry.ts';
import { amountText } from './catalogue-corrections.ts';
import type { WorkbookContext } from './workbook-context.ts';
import type { SummarySection } from './workbook.ts';

/** The money-moving columns of the exports, as `<export>.<column>` (their Korrekturen groups). */
export function movingColumns(exports: readonly ExportDefinition[]): { exportName: string; column: string }[] {
  return exports.flatMap((e) => (e.moves ?? []).map((column) => ({ exportName: e.name, column })));
}

/**
 * The section; `korrekturenDelta` is the sum of the Korrekturen deltas of the moving columns (null
 * when the job's exports name none), which must equal the change of the computed payments.
 */
export async function reconciliationSection(
  ctx: WorkbookContext,
  baselineId: number,
  exports: readonly ExportDefinition[],
  korrekturenDelta: Decimal | null,
): Promise<SummarySection> {
  const r = await reconcilePayments(ctx.db, jobOf(ctx.run.job), ctx.run, baselineId);
  if (korrekturenDelta !== null && !korrekturenDelta.eq(r.recomputed)) {
    throw new Error(
      `Korrekturen of run ${ctx.run.id}: the deltas of the paying columns (${korrekturenDelta.toFixed(2)}) differ from the change of the computed payments (${r.recomputed})`,
    );
  }
  const columns = movingColumns(exports)
    .map((m) => amountText(m.exportName, m.column))
    .join(', ');
  const released = ctx.run.status === 'released';
  return {
    title: 'Abstimmung der Korrekturen mit der Zahlungsliste (die drei Ursachen ergeben die Summe; + zahlt die Kasse, − fordert sie)',
    rows: [
      {
        label: columns ? `Differenzen laut Korrekturen (${columns})` : 'Differenzen der berechneten Zahlungsbeträge',
        value: r.recomputed,
        type: 'money',
      },
      {
        label: `Früher zurückgehalten, offen oder abgelehnt, jetzt bewegt (${r.earlierUnmovedItems} Posten)`,
        value: r.earlierUnmoved,
        type: 'money',
      },
      {
        label: `In diesem Lauf nicht bewegt: Klärfall offen oder abgelehnt (${r.withheldItems} Posten)`,
        value: r.withheldNow,
        type: 'money',
      },
      {
        label: released ? 'Summe: bewegt laut Zahlungsliste' : 'Summe: bei Freigabe zu bewegen (nach den bisherigen Entscheidungen)',
        value: r.moved,
        type: 'money',
      },
      { label: 'davon Auszahlungen', value: r.payouts, type: 'money' },
      { label: 'davon Forderungen', value: r.receivables, type: 'money' },
      { label: 'Posten mit Zahlungsbewegung', value: r.items, type: 'int' },
    ],
  };
}
