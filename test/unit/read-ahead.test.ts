/**
 * ReadAhead (src/import/read-ahead.ts): the import reads the next file while PostgreSQL checks the
 * last one. Pieces come out in order and each once; the source runs ahead by at most the bound;
 * a failure of the source reaches the consumer after the pieces before it; stop closes the source.
 */
import { describe, expect, it } from 'vitest';
import { ReadAhead } from '../../src/import/read-ahead.ts';

/** A source of `n` pieces of `size` chars that records how far it was pulled and whether it was closed. */
function source(n: number, size: number, failAt?: number) {
  const state = { pulled: 0, closed: false };
  async function* pieces(): AsyncGenerator<string> {
    try {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error(`source failed at piece ${i}`);
        state.pulled++;
        yield String(i).padEnd(size, '.');
        await Promise.resolve();
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, pieces: pieces() };
}

/** Lets the background pulling run until it waits (for room or for the source). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('ReadAhead', () => {
  it('hands over every piece in order, each once', async () => {
    const { pieces } = source(1000, 10);
    const got: string[] = [];
    for await (const piece of new ReadAhead(pieces, 100)) got.push(piece);
    expect(got).toEqual(Array.from({ length: 1000 }, (_, i) => String(i).padEnd(10, '.')));
  });

  it('pulls ahead before anyone asks, and stops at the bound until pieces are taken', async () => {
    const { state, pieces } = source(100, 10);
    const ahead = new ReadAhead(pieces, 50);
    await settle();
    expect(state.pulled).toBe(5); // 5 pieces of 10 chars fill the bound of 50
    const iterator = ahead[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe('0'.padEnd(10, '.'));
    await settle();
    expect(state.pulled).toBe(6); // one taken, one more pulled
    let rest = 0;
    while (!(await iterator.next()).done) rest++;
    expect(rest).toBe(99);
  });

  it("throws the source's failure after the pieces before it", async () => {
    const { pieces } = source(10, 5, 7);
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const piece of new ReadAhead(pieces, 1000)) got.push(piece);
      })(),
    ).rejects.toThrow('source failed at piece 7');
    expect(got).toHaveLength(7);
  });

  it('stop closes the source and pulls nothing more', async () => {
    const { state, pieces } = source(100, 10);
    const ahead = new ReadAhead(pieces, 30);
    await settle();
    await ahead.stop();
    expect(state.closed).toBe(true);
    expect(state.pulled).toBe(3);
  });
});
