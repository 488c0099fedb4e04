/**
 * Writing a CSV file the way every export is written: to `<file>.partial` first, renamed when
 * complete (a crash never leaves a half file under the real name), owner and group only (0640).
 */
import fs from 'node:fs';
import { csvField } from '../import/csv-source.ts';

export async function writeCsv(
  file: string,
  header: readonly string[],
  rows: AsyncIterable<readonly (string | number | null)[]>,
): Promise<void> {
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial, { mode: 0o640 });
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve)));
  try {
    await write(header.join(',') + '\n');
    let buffer = '';
    for await (const row of rows) {
      buffer += row.map(csvField).join(',') + '\n';
      if (buffer.length > 65536) {
        await write(buffer);
        buffer = '';
      }
    }
    await write(buffer);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    fs.chmodSync(partial, 0o640);
    fs.renameSync(partial, file);
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
