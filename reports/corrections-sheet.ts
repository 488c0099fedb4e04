/**
 * The Korrekturen sheet of a correction run's workbook and its section on Übersicht (pipeline.md,
 * "Excel reports"): per changed key and amount column the released figure, the new one and the
 * delta, in long form so finance can filter by export, column or kind of change. Euros and points
 * get their own columns: each keeps its cell format, and no sum ever adds points to euros.
 *
 * The streaming workbook writes Übersicht first, so the figures are gathered in one pass over the
 * corrections (keeping counts and sums) while the sheet rows go to a private scratch file
 * (spool.ts); the sheet is written from that file after Übersicht. Merging the exports is the
 * expensive part (3.2 s per pass for 132k keys), so it runs once. The sheet's sums are checked
 * against the figures Übersicht shows.
 */
import { Decimal } from '../src/money.ts';
import { amountUnit, formatDelta, mergeCorrections, type AmountUnit, type ChangeKind, type Correction } from '../src/runs/corrections.ts';
import type { ExportDefinition } from '../src/runs/job-definition.ts';
import type { WorkbookContext } from './workbook-context.ts';
import { SHEET_NAMES } from './catalogue.ts';
import { amountText, CHANGE_TEXTS, CORRECTION_TEXTS as T, exportText, UNIT_TEXTS } from './catalogue-corrections.ts';
import { movingColumns, reconciliationSection } from './reconciliation.ts';
import { checkSums } from './run-sections.ts';
import { openSpool, type Spool } from './spool.ts';
import { formula, letterOf, type ColumnSpec, type ReportWorkbook, type SheetPart, type SummarySection } from './workbook.ts';

const SHEET = SHEET_NAMES.corrections;
const UNITS: readonly AmountUnit[] = ['money', 'points'];
const SUFFIX = { money: 'eur', points: 'pts' } as const satisfies Record<AmountUnit, string>;

export interface CorrectionsReport {
  /** the sections for Übersicht; none for a run that corrects nothing */
  sections: SummarySection[];
  /** writes the Korrekturen sheet (split at the row limit) and checks it against the sections */
  addSheet(): Promise<void>;
}

interface ColumnFigures {
  exportName: string;
  column: string;
  unit: AmountUnit;
  keys: number;
  delta: Decimal;
}

interface Figures {
  rows: number;
  changes: Map<string, Record<ChangeKind, number>>;
  /** by `<export>.<column>`, in export and column order */
  columns: Map<string, ColumnFigures>;
}

/**
 * For a correction run (one with a baseline): gathers the figures and plans the sheet; the caller
 * adds `sections` to Übersicht and calls `addSheet()` after it. Any other run gets nothing.
 */
export async function planCorrections(
  ctx: WorkbookContext,
  book: ReportWorkbook,
  exports: readonly ExportDefinition[],
): Promise<CorrectionsReport> {
  const baselineId = ctx.run.baseline_run_id;
  if (baselineId === null) return { sections: [], addSheet: async () => undefined };
  const units = UNITS.filter((u) => exports.some((e) => e.amounts.some((c) => amountUnit(e, c) === u)));
  const columns = sheetColumns(units);
  const spool = await openSpool<SheetRow>('yearend-korrekturen');
  book.onFinish(() => spool.remove()); // also when the workbook fails before the sheet
  let figures: Figures;
  try {
    figures = await gather(exports, correctionsOf(ctx, baselineId, exports), spool);
    await spool.finish();
  } catch (err) {
    await spool.remove();
    throw err;
  }
  const parts = book.planParts(SHEET, figures.rows);
  const moving = movingColumns(exports).map((m) => figures.columns.get(groupOf(m.exportName, m.column))!);
  const korrekturenDelta = moving.length > 0 ? moving.reduce((t, f) => t.plus(f.delta), new Decimal(0)) : null;
  const reconciliation = await reconciliationSection(ctx, baselineId, exports, korrekturenDelta);
  return {
    sections: [...overviewSections(baselineId, exports, figures, parts, columns, units), reconciliation],
    async addSheet() {
      const written: Record<string, Decimal> = {};
      let result;
      try {
        result = await book.addTable(SHEET, columns, sheetRows(spool.read(), written), { expectedRows: figures.rows });
      } finally {
        await spool.remove();
      }
      const all = [...figures.columns.values()];
      const sum = (list: ColumnFigures[]) => list.reduce((t, f) => t.plus(f.delta), new Decimal(0)).toFixed();
      // the cells as written, per unit, and per export and column as Übersicht shows them
      checkSums(
        SHEET,
        result.totals,
        units.map((u) => [`delta_${SUFFIX[u]}`, sum(all.filter((f) => f.unit === u))]),
      );
      checkSums(
        SHEET,
        written,
        [...figures.columns].flatMap(([k, f]): [string, string][] => [
          [k, f.delta.toFixed()],
          [`${k} (keys)`, String(f.keys)],
        ]),
      );
    },
  };
}

async function* correctionsOf(ctx: WorkbookContext, baselineId: number, exports: readonly ExportDefinition[]) {
  for (const exp of exports) {
    for await (const correction of mergeCorrections(exp, exp.rows(ctx.db, baselineId), exp.rows(ctx.db, ctx.run.id))) {
      yield { exp, correction };
    }
  }
}

type Corrections = AsyncIterable<{ exp: ExportDefinition; correction: Correction }>;

function sheetColumns(units: readonly AmountUnit[]): ColumnSpec[] {
  return [
    { header: T.export, key: 'export', type: 'text', width: 34 },
    { header: T.key, key: 'key', type: 'text', width: 22 },
    { header: T.change, key: 'change', type: 'text', width: 12 },
    { header: T.column, key: 'column', type: 'text', width: 36 },
    ...units.flatMap((u): ColumnSpec[] => {
      const type = u === 'money' ? 'money' : 'int';
      return [
        { header: `${T.released} (${UNIT_TEXTS[u]})`, key: `released_${SUFFIX[u]}`, type },
        { header: `${T.new} (${UNIT_TEXTS[u]})`, key: `new_${SUFFIX[u]}`, type },
        { header: `${T.delta} (${UNIT_TEXTS[u]})`, key: `delta_${SUFFIX[u]}`, type },
      ];
    }),
  ];
}

const groupOf = (exportName: string, column: string) => `${exportName}.${column}`;

/** A Korrekturen row: the cells by column key, and for an amount row its group and exact delta. */
type SheetRow = Record<string, unknown> & { group?: string; delta?: Decimal };

/**
 * The sheet rows of one correction: one per amount column whose delta is not 0; a key that changed
 * without any amount delta (a reason, a count, a rate) gets one row with the amount column empty.
 */
function* rowsOf(exp: ExportDefinition, c: Correction): Generator<SheetRow> {
  const base = { export: exportText(exp.name), key: c.key.join(' / '), change: CHANGE_TEXTS[c.change] };
  const moved = c.amounts.filter((a) => !a.delta.isZero());
  if (moved.length === 0) yield { ...base, column: null };
  for (const a of moved) {
    const s = SUFFIX[a.unit];
    yield {
      ...base,
      column: amountText(exp.name, a.column),
      [`released_${s}`]: a.released,
      [`new_${s}`]: a.new,
      [`delta_${s}`]: formatDelta(a),
      group: groupOf(exp.name, a.column),
      delta: a.delta,
    };
  }
}

/**
 * The one pass: how many rows the sheet gets, the changes per export, keys and delta sums per
 * column; the rows themselves go to the spool for the sheet.
 */
async function gather(exports: readonly ExportDefinition[], corrections: Corrections, spool: Spool<SheetRow>): Promise<Figures> {
  const figures: Figures = { rows: 0, changes: new Map(), columns: new Map() };
  for (const exp of exports) {
    figures.changes.set(exp.name, { changed: 0, new: 0, removed: 0 });
    for (const column of exp.amounts) {
      figures.columns.set(groupOf(exp.name, column), {
        exportName: exp.name,
        column,
        unit: amountUnit(exp, column),
        keys: 0,
        delta: new Decimal(0),
      });
    }
  }
  for await (const { exp, correction } of corrections) {
    figures.changes.get(exp.name)![correction.change]++;
    for (const row of rowsOf(exp, correction)) {
      figures.rows++;
      // every cell value is a string or null; the Decimal delta is spooled as its exact text
      await spool.write(row);
      if (row.group === undefined) continue;
      const f = figures.columns.get(row.group)!;
      f.keys++;
      f.delta = f.delta.plus(row.delta!);
    }
  }
  return figures;
}

/** The sheet rows from the spool, counting and summing each column's deltas as they go for the check. */
async function* sheetRows(spooled: AsyncIterable<SheetRow>, written: Record<string, Decimal>): AsyncGenerator<Record<string, unknown>> {
  const add = (key: string, value: Decimal | number) => (written[key] = (written[key] ?? new Decimal(0)).plus(value));
  for await (const row of spooled) {
    if (row.group !== undefined) {
      row.delta = new Decimal(row.delta as unknown as string);
      add(row.group, row.delta);
      add(`${row.group} (keys)`, 1);
    }
    yield row;
  }
}

/** An exact-match criterion for SUMIFS/COUNTIFS: wildcards escaped, quotes doubled. */
function criterion(text: string): string {
  return `"=${text.replace(/[~*?]/g, '~$&').replace(/"/g, '""')}"`;
}

/** `SUMIFS(…)+SUMIFS(…)` (or COUNTIFS) over every part of the sheet, by export and column text. */
function byGroupFormula(
  fn: 'SUMIFS' | 'COUNTIFS',
  parts: readonly SheetPart[],
  columns: readonly ColumnSpec[],
  exp: string,
  column: string,
  sumKey?: string,
): string {
  const range = (p: SheetPart, key: string) => {
    const l = letterOf(columns, key);
    return `'${p.sheetName.replace(/'/g, "''")}'!${l}${p.firstDataRow}:${l}${Math.max(p.lastDataRow, p.firstDataRow)}`;
  };
  return parts
    .map((p) => {
      const criteria = `${range(p, 'export')},${criterion(exp)},${range(p, 'column')},${criterion(column)}`;
      return fn === 'SUMIFS' ? `SUMIFS(${range(p, sumKey!)},${criteria})` : `COUNTIFS(${criteria})`;
    })
    .join('+');
}

function overviewSections(
  baselineId: number,
  exports: readonly ExportDefinition[],
  figures: Figures,
  parts: readonly SheetPart[],
  columns: readonly ColumnSpec[],
  units: readonly AmountUnit[],
): SummarySection[] {
  const changes: SummarySection = {
    title: T.title(baselineId),
    rows: [
      { label: T.baseline, value: baselineId, type: 'int' },
      { label: T.note, value: T.noteText },
      { label: T.sheetRows, value: figures.rows, type: 'int' },
    ],
    table: {
      columns: [
        { header: T.export, key: 'export', type: 'text', width: 34 },
        { header: CHANGE_TEXTS.changed, key: 'changed', type: 'int' },
        { header: CHANGE_TEXTS.new, key: 'new', type: 'int' },
        { header: CHANGE_TEXTS.removed, key: 'removed', type: 'int' },
      ],
      rows: exports.map((e) => ({ export: exportText(e.name), ...figures.changes.get(e.name)! })),
    },
  };
  const moves = new Set(movingColumns(exports).map((m) => groupOf(m.exportName, m.column)));
  const deltaTable = (title: string, sumHeader: string, list: ColumnFigures[]): SummarySection => ({
    title,
    table: {
      columns: [
        { header: T.export, key: 'export', type: 'text', width: 34 },
        { header: T.column, key: 'column', type: 'text', width: 36 },
        { header: T.changedKeys, key: 'keys', type: 'int' },
        ...units.map((u): ColumnSpec => ({
          header: `${sumHeader} (${UNIT_TEXTS[u]})`,
          key: `sum_${SUFFIX[u]}`,
          type: u === 'money' ? 'money' : 'int',
        })),
      ],
      rows: list.map((f) => {
        const exp = exportText(f.exportName);
        const column = amountText(f.exportName, f.column);
        const s = SUFFIX[f.unit];
        return {
          export: exp,
          column,
          keys: formula(byGroupFormula('COUNTIFS', parts, columns, exp, column), f.keys),
          [`sum_${s}`]: formula(
            byGroupFormula('SUMIFS', parts, columns, exp, column, `delta_${s}`),
            formatDelta({ column: f.column, unit: f.unit, delta: f.delta }),
          ),
        };
      }),
    },
  });
  const all = [...figures.columns.values()];
  const paying = all.filter((f) => moves.has(groupOf(f.exportName, f.column)));
  const computing = all.filter((f) => !moves.has(groupOf(f.exportName, f.column)));
  return [
    changes,
    ...(paying.length > 0 ? [deltaTable(T.deltaTitle(baselineId), T.deltaSum, paying)] : []),
    ...(computing.length > 0 ? [deltaTable(T.figuresTitle(baselineId), T.figuresSum, computing)] : []),
  ];
}
