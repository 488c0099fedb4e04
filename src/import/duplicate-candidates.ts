/**
 * The lines of a file that may share their key with another line (issue 12). The duplicate-key
 * check in SQL numbered every row of the batch by key (a sort of millions of rows, most of the
 * SQL time of an import) although a repeated key is rare. Each loaded row's key is hashed here
 * (39 bits of two independent 32-bit hashes) and kept with its line in one 64-bit number — no
 * string kept per row; at the end the numbers are sorted, and every line whose hash another line
 * shares is a candidate. A key that occurs twice always hashes alike, so the SQL check over the
 * candidates alone finds every duplicate the check over all rows finds; a hash collision only
 * adds a candidate that SQL then finds unique (~100 of 10 M distinct keys).
 * Keys compare as their text: every key column's type has one spelling per value (ids, dates,
 * 4-digit years, enums), so equal text is equal in SQL and the other way round.
 *
 * Why a sorted list and not a hash table (as before): with millions of keys every probe of a
 * table is a cache miss; appending is sequential and one native sort of 10 M numbers takes
 * ~0.7 s — measured on the 1 M tariff set, 11.9 s of hash table inserts for 20 M rows.
 */
export class DuplicateCandidates {
  /**
   * Above this many rows (8 bytes each) the list gives up and every row is a candidate (the SQL
   * check numbers the whole batch, as before the shortcut). The line number has 25 bits: a line
   * beyond them gives up too.
   */
  constructor(private readonly maxRows = LINE_LIMIT) {}

  /** true: given up (too many rows, or keys that are not compared as text): all rows are candidates */
  private overflowed = false;
  private used = 0;
  /** per row: the hash in the high 39 bits, the line in the low 25 (as two uint32 words in `words`) */
  private entries = new BigUint64Array(1 << 12);
  private words = new Uint32Array(this.entries.buffer);

  /** Room for `rows` rows at once (an estimate from the file's size): no copying while the file is read. */
  reserve(rows: number): void {
    if (this.overflowed) return;
    const wanted = Math.min(rows, this.maxRows);
    if (wanted > this.entries.length) this.resize(wanted);
  }

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
    b ^= b >>> 13;
    if (line >= LINE_LIMIT || this.used >= this.maxRows) return this.giveUp();
    if (this.used === this.entries.length) this.resize(Math.min(2 * this.entries.length, this.maxRows));
    // little-endian words of the 64-bit entry: low = 7 hash bits and the line, high = 32 hash bits
    const at = 2 * this.used++;
    this.words[at] = ((b & 0x7f) << 25) | line;
    this.words[at + 1] = a;
  }

  /** Every row is a candidate (keys that may be spelled in several ways, or too many of them): frees the list. */
  giveUp(): void {
    this.overflowed = true;
    this.entries = new BigUint64Array(0);
    this.words = new Uint32Array(0);
    this.used = 0;
  }

  /** The candidate lines (each once, in no particular order); null: every row is one. */
  candidates(): number[] | null {
    if (this.overflowed) return null;
    this.entries.subarray(0, this.used).sort();
    const words = this.words;
    const found: number[] = [];
    // runs of equal hash (high word and the 7 hash bits of the low word) are adjacent once sorted
    for (let i = 0; i < this.used;) {
      let j = i + 1;
      while (j < this.used && words[2 * j + 1] === words[2 * i + 1] && words[2 * j]! >>> 25 === words[2 * i]! >>> 25) j++;
      if (j - i > 1) for (let k = i; k < j; k++) found.push(words[2 * k]! & LINE_MASK);
      i = j;
    }
    return found;
  }

  private resize(length: number): void {
    const entries = new BigUint64Array(length);
    entries.set(this.entries.subarray(0, this.used));
    this.entries = entries;
    this.words = new Uint32Array(entries.buffer);
  }
}

/** Lines are kept in 25 bits: 33,554,432 lines, far beyond the contract's largest file (~18 M rows). */
const LINE_LIMIT = 1 << 25;
const LINE_MASK = LINE_LIMIT - 1;
