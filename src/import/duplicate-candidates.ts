/**
 * The lines of a file that may share their key with another line (issue 12). The duplicate-key
 * check in SQL numbered every row of the batch by key (a sort of millions of rows, most of the
 * SQL time of an import) although a repeated key is rare. Each loaded row's key is hashed here
 * (two independent 32-bit hashes, in typed arrays: no string kept per row); every line whose key
 * hash was seen before, and the line that saw it first, is a candidate. A key that occurs twice
 * always hashes alike, so the SQL check over the candidates alone finds every duplicate the check
 * over all rows finds; a hash collision only adds a candidate that SQL then finds unique.
 * Keys compare as their text: every key column's type has one spelling per value (ids, dates,
 * 4-digit years, enums), so equal text is equal in SQL and the other way round.
 */
export class DuplicateCandidates {
  /**
   * Above this many slots (3 × 4 bytes each, twice while growing) the table gives up and every row
   * is a candidate (the SQL check numbers the whole batch, as before the shortcut): 2^25 slots are
   * 400 MiB and hold 16.7 M keys — the levy's pay_months file of the AOK PLUS year (17.8 M rows)
   * took the import to 1.5 GiB of RSS without a bound.
   */
  constructor(private readonly maxSlots = 1 << 25) {}

  private capacity = 1 << 16;
  /** true: the table was given up (too large, or keys that are not compared as text): all rows are candidates */
  private overflowed = false;
  private used = 0;
  private h1 = new Uint32Array(this.capacity);
  private h2 = new Uint32Array(this.capacity);
  /** line + 1 of the first row with the hash (0 = free slot), negative once it is a candidate */
  private lines = new Int32Array(this.capacity);
  private readonly found: number[] = [];

  /** Records a loaded row's key (its values, null for an empty optional one); `line` ≥ 1. */
  add(key: readonly (string | null)[], line: number): void {
    if (this.overflowed) return;
    // FNV-1a and a polynomial hash over the same characters: cheap, and independent enough
    let a = 0x811c9dc5;
    let b = 0;
    for (const value of key) {
      // a separator that no value holds (NUL lines are rejected), and null apart from ''
      const text = value === null ? '\u0000N' : value;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = (Math.imul(b, 31) + c) | 0;
      }
      a = Math.imul(a, 0x01000193);
      b = Math.imul(b, 31);
    }
    b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
    a >>>= 0;
    b = (b ^ (b >>> 13)) >>> 0;
    if (2 * (this.used + 1) > this.capacity) {
      if (2 * this.capacity > this.maxSlots) return this.giveUp();
      this.grow();
    }
    const mask = this.capacity - 1;
    for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.lines[slot]!;
      if (stored === 0) {
        this.h1[slot] = a;
        this.h2[slot] = b;
        this.lines[slot] = line + 1;
        this.used++;
        return;
      }
      if (this.h1[slot] === a && this.h2[slot] === b) {
        if (stored > 0) {
          this.found.push(stored - 1);
          this.lines[slot] = -stored;
        }
        this.found.push(line);
        return;
      }
    }
  }

  /** Every row is a candidate (keys that may be spelled in several ways, or too many of them): frees the table. */
  giveUp(): void {
    this.overflowed = true;
    this.h1 = new Uint32Array(0);
    this.h2 = new Uint32Array(0);
    this.lines = new Int32Array(0);
    this.found.length = 0;
  }

  /** The candidate lines (each once, in no particular order); null: every row is one. */
  candidates(): number[] | null {
    return this.overflowed ? null : this.found;
  }

  private grow(): void {
    const { h1, h2, lines } = this;
    this.capacity *= 2;
    this.h1 = new Uint32Array(this.capacity);
    this.h2 = new Uint32Array(this.capacity);
    this.lines = new Int32Array(this.capacity);
    const mask = this.capacity - 1;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === 0) continue;
      let slot = (h1[i]! ^ Math.imul(h2[i]!, 0x9e3779b1)) & mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & mask;
      this.h1[slot] = h1[i]!;
      this.h2[slot] = h2[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}
