/**
 * The orders of the payment files: C order (code units, independent of the locale — the
 * collation of the payment list's (category, item_key)), and C order with runs of digits compared
 * by value, for ids that carry a file or posting number (`…-2-…` before `…-10-…`, `41-999`
 * before `41-1000`).
 */
export function compareC(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function naturalC(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    // equal-length digit runs compare as text; a longer run (without leading zeros) is larger
    const c = /^\d/.test(x) && /^\d/.test(y) ? x.replace(/^0+/, '').length - y.replace(/^0+/, '').length || compareC(x, y) : compareC(x, y);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** Compares tuples field by field with `compare` (null before any text). */
export function compareTuples(a: readonly (string | null)[], b: readonly (string | null)[], compare = compareC): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    const c = compare(x, y);
    if (c !== 0) return c;
  }
  return 0;
}
