/**
 * The import's rejection report: OUTPUT_DIR/import_<batch>_rejections.csv with file, line,
 * column, value and reason of every rejected row. It names member ids, so it is written like
 * every report: folder 0750, file 0640. Its text is neutralised for spreadsheets (spreadsheet-text.ts).
 */
import path from 'node:path';
import { writePrivateFile } from '../private-files.ts';
import { spreadsheetText } from '../spreadsheet-text.ts';
import { csvField } from './csv-source.ts';

export interface Rejection {
  file: string;
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

export function writeRejectionReport(outputDir: string, batchId: number, rejections: Rejection[]): string {
  const file = path.join(outputDir, `import_${batchId}_rejections.csv`);
  const sorted = [...rejections].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const lines = ['file,line,column,value,reason'];
  // people open it in a spreadsheet: free text that would start a formula gets a leading '
  for (const r of sorted) {
    lines.push(
      [spreadsheetText(r.file), r.line, spreadsheetText(r.column), spreadsheetText(r.value), spreadsheetText(r.reason)]
        .map(csvField)
        .join(','),
    );
  }
  writePrivateFile(file, lines.join('\n') + '\n');
  return file;
}
