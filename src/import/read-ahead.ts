/**
 * An async iterable of pieces (text, bytes) that pulls its source ahead of the consumer, up to a bound of
 * characters (bytes) held: the reading of a file goes on while the consumer waits for PostgreSQL (issue
 * 12). Pieces come out in order, each once; a failure of the source is thrown to the consumer at
 * the point the pieces before it are used up, never lost in the background.
 */
export class ReadAhead<Piece extends { length: number }> implements AsyncIterable<Piece> {
  private readonly queue: (Piece | null)[] = [];
  private head = 0;
  private held = 0;
  private finished = false;
  private failure: { error: unknown } | null = null;
  private stopped = false;
  /** the consumer waiting for a piece */
  private wakeConsumer: (() => void) | null = null;
  /** the source waiting for room */
  private wakeSource: (() => void) | null = null;
  private readonly pumping: Promise<void>;

  constructor(
    private readonly source: AsyncIterator<Piece>,
    private readonly maxChars: number,
  ) {
    this.pumping = this.pump();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Piece> {
    for (;;) {
      if (this.head < this.queue.length) {
        const piece = this.queue[this.head]!;
        this.queue[this.head++] = null;
        if (this.head > 1024 && 2 * this.head > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
        this.held -= piece.length;
        this.wake('source');
        yield piece;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.finished) return;
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  /** Stops pulling the source (the consumer gave up): the source is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake('source');
    await this.pumping;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        while (this.held >= this.maxChars && !this.stopped) await new Promise<void>((resolve) => (this.wakeSource = resolve));
        if (this.stopped) {
          await this.source.return?.();
          break;
        }
        const next = await this.source.next();
        if (next.done) break;
        this.queue.push(next.value);
        this.held += next.value.length;
        this.wake('consumer');
      }
    } catch (error) {
      this.failure = { error };
    }
    this.finished = true;
    this.wake('consumer');
  }

  private wake(who: 'consumer' | 'source'): void {
    const wake = who === 'consumer' ? this.wakeConsumer : this.wakeSource;
    if (who === 'consumer') this.wakeConsumer = null;
    else this.wakeSource = null;
    wake?.();
  }
}
