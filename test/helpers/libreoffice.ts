/**
 * Opens a workbook in LibreOffice (headless CSV conversion) — the closest automated stand-in for
 * "opens without repair prompts": a file LibreOffice cannot load converts to nothing.
 * Tests call expectOpensInLibreOffice: it fails when the conversion fails, and when soffice is not
 * installed it skips the test — unless REQUIRE_LIBREOFFICE=1 (set by .ci/run), then it fails too.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, type TestContext } from 'vitest';

const TIMEOUT_MS = 120_000;

function run(cmd: string, args: string[], timeout: number): Promise<{ code: number | null; output: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      const e = err as (NodeJS.ErrnoException & { code?: string | number | null }) | null;
      if (e?.code === 'ENOENT') resolve({ code: null, output, missing: true });
      else resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, output: e && !output ? e.message : output, missing: false });
    });
  });
}

/** soffice's path, or null: honours $SOFFICE, else looks on PATH. */
export function findSoffice(): string | null {
  const candidates = [process.env.SOFFICE, ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'soffice'))];
  for (const c of candidates) {
    if (c && fs.existsSync(c)) return c;
  }
  return null;
}

/** Converts the workbook with soffice; null when soffice is not installed. */
async function convertWithLibreOffice(xlsxPath: string): Promise<{ ok: boolean; output: string } | null> {
  const soffice = findSoffice();
  if (!soffice) return null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-convert-'));
  // a private profile per call: parallel runs sharing ~/.config/libreoffice block each other
  const profile = pathToFileURL(path.join(tmp, 'profile')).href;
  const outDir = path.join(tmp, 'out');
  try {
    const result = await run(
      soffice,
      [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'csv', '--outdir', outDir, xlsxPath],
      TIMEOUT_MS,
    );
    if (result.missing) return null;
    const csv = path.join(outDir, `${path.basename(xlsxPath, path.extname(xlsxPath))}.csv`);
    const size = fs.existsSync(csv) ? fs.statSync(csv).size : 0;
    const output = size > 0 ? `${result.output}\n${fs.readFileSync(csv, 'utf8')}` : result.output;
    return { ok: result.code === 0 && size > 0, output };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Asserts that LibreOffice opens the workbook and returns what it read (soffice's messages and the
 * first sheet as CSV). Without soffice the calling test is skipped, or fails under REQUIRE_LIBREOFFICE=1.
 */
export async function expectOpensInLibreOffice(xlsxPath: string, test: Pick<TestContext, 'skip'>): Promise<string> {
  const converted = await convertWithLibreOffice(xlsxPath);
  if (converted === null) {
    if (process.env.REQUIRE_LIBREOFFICE === '1') throw new Error('REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed');
    return test.skip('LibreOffice (soffice) is not installed: set REQUIRE_LIBREOFFICE=1 to make this a failure');
  }
  expect(converted.ok, converted.output).toBe(true);
  return converted.output;
}

/** The share of inked pixels (darker than light grey) of a binary PGM (P5) image, as pdftoppm -gray writes it. */
export function darkShare(pgm: Buffer): number {
  // header: "P5" whitespace width whitespace height whitespace maxval single-whitespace, then bytes
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM image');
  const [width, height, maxval] = [Number(header[1]), Number(header[2]), Number(header[3])];
  if (maxval > 255) throw new Error('16-bit PGM not expected');
  const pixels = pgm.subarray(header[0].length, header[0].length + width * height);
  let dark = 0;
  // small print at a low resolution comes out grey, not black: anything darker than 80 % white is ink
  for (const p of pixels) if (p < maxval * 0.8) dark++;
  return dark / (width * height);
}

/**
 * Prints the workbook as finance would (LibreOffice → PDF) and renders its first `pages` pages as
 * images (poppler's pdftoppm): fails when the conversion fails or a page comes out blank. Returns
 * the share of inked pixels per page. Without soffice or pdftoppm: skipped, or failed under
 * REQUIRE_LIBREOFFICE=1.
 */
export async function expectPrintsInLibreOffice(xlsxPath: string, test: Pick<TestContext, 'skip'>, pages = 2): Promise<number[]> {
  const soffice = findSoffice();
  const missing = (what: string) => {
    if (process.env.REQUIRE_LIBREOFFICE === '1') throw new Error(`REQUIRE_LIBREOFFICE=1 but ${what} is not installed`);
    return test.skip(`${what} is not installed: set REQUIRE_LIBREOFFICE=1 to make this a failure`);
  };
  if (!soffice) return missing('LibreOffice (soffice)');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-print-'));
  try {
    const profile = pathToFileURL(path.join(tmp, 'profile')).href;
    const converted = await run(
      soffice,
      [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', tmp, xlsxPath],
      TIMEOUT_MS,
    );
    const pdf = path.join(tmp, `${path.basename(xlsxPath, path.extname(xlsxPath))}.pdf`);
    expect(converted.code === 0 && fs.existsSync(pdf) && fs.statSync(pdf).size > 0, converted.output).toBe(true);
    const rendered = await run('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', String(pages), pdf, path.join(tmp, 'page')], TIMEOUT_MS);
    if (rendered.missing) return missing("poppler's pdftoppm (poppler-utils)");
    expect(rendered.code, rendered.output).toBe(0);
    const images = fs
      .readdirSync(tmp)
      .filter((f) => f.startsWith('page') && f.endsWith('.pgm'))
      .sort();
    expect(images.length).toBeGreaterThanOrEqual(1);
    const shares = images.map((f) => darkShare(fs.readFileSync(path.join(tmp, f))));
    for (const [i, share] of shares.entries()) expect(share, `page ${i + 1} of ${path.basename(xlsxPath)} is blank`).toBeGreaterThan(0.001);
    return shares;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
