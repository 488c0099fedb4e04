/**
 * A progress bar on the terminal (stderr), only when stdout is a terminal: piped output stays
 * plain — no bar, no colours, no carriage returns.
 */
export interface Progress {
  update(done: number, total: number, note?: string): void;
  done(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!process.stdout.isTTY || !stream.isTTY) return { update: () => {}, done: () => {} };
  let last = '';
  return {
    update(done, total, note = '') {
      const width = 30;
      const share = total > 0 ? done / total : 0;
      const filled = Math.round(share * width);
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done}/${total} ${note}`;
      if (line !== last) stream.write(`\r${line}\u001b[K`);
      last = line;
    },
    done() {
      if (last) stream.write('\n');
      last = '';
    },
  };
}
