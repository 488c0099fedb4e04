/**
 * A seeded, deterministic pseudo-random generator for synthetic data (never Math.random): sfc32
 * (Chris Doty-Humphrey's "small fast counting" generator, 128-bit state) seeded through the
 * cyrb128 string hash, so `Rng.derive(seed, 'bonus_proofs.csv', 42)` gives an independent stream
 * per file and person.
 */
/** cyrb128: a fast 128-bit string hash (four 32-bit words), good enough to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let [h1, h2, h3, h4] = [1779033703, 3144134277, 1013904242, 2773480762];
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  return [h1 >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 12; i++) this.uint32(); // mix the seed into the state
  }

  /** An independent stream for one purpose, e.g. `Rng.derive(seed, 'members.csv', personIndex)`. */
  static derive(seed: string, ...parts: (string | number)[]): Rng {
    return new Rng([seed, ...parts].join('\u001f'));
  }

  /** sfc32 step: a uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): empty range`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `values`, each with probability proportional to its weight (weights ≥ 0, not all 0). */
  weighted<T>(values: readonly T[], weights: readonly number[]): T {
    let r = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < values.length; i++) {
      if (r < weights[i]!) return values[i]!;
      r -= weights[i]!;
    }
    return values[values.length - 1]!;
  }

  /** One of `rows`, each with probability proportional to its last field (its weight). */
  weightedRow<T extends readonly [...unknown[], number]>(rows: readonly T[]): T {
    const weights = rows.map((r) => r[r.length - 1] as number);
    return this.weighted(rows, weights);
  }

  /** Normal-ish with the given mean and standard deviation (Irwin–Hall sum of 6 uniforms, |z| ≤ 4.25). */
  normal(mean: number, sd: number): number {
    let s = 0;
    for (let i = 0; i < 6; i++) s += this.next();
    return mean + sd * (s - 3) * Math.SQRT2;
  }

  /** Log-normal-ish: the median and the spread sigma of the logarithm. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** Poisson-distributed count (Knuth for small means, a rounded normal for large ones). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }
}
