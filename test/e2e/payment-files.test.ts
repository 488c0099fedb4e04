/**
 * The demo's flow through the CLI (PostgreSQL, in-process runner): generate (with bank_accounts.csv
 * and addresses.csv), import, run, approve, release by a second person — the release writes the
 * credit-transfer XML that both schemas (ISO 20022 and DK GBIC_5) accept, and its CSV files;
 * `payfile --check` writes the same bytes again and validates them; the starter cannot `pay`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePain001 } from '../../src/payments/xsd-validate.ts';
import { cleanEnv, isPlainError, yearend } from '../helpers/cli.ts';
import { freshDatabase, skipServices } from '../helpers/services.ts';
import { forCli } from '../helpers/time.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-payment-files-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.skipIf(skipServices)('payment files through the CLI', { timeout: forCli(9, 240_000) }, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await freshDatabase('payment_files_e2e');
    env = cleanEnv({ DATABASE_URL: db.url, OUTPUT_DIR: path.join(root, 'out'), YEAREND_TODAY: '2026-06-10', USER: 'ops', LOGNAME: 'ops' });
  });
  afterAll(async () => db?.drop());
  const ok = async (args: string[]) => {
    const result = await yearend(args, env);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };

  it('release writes an XML both schemas accept; payfile --check rewrites it byte-identically', async () => {
    await ok(['migrate']);
    await ok(['generate', '--members', '300', '--employers', '0', '--out', path.join(root, 'data'), '--seed', 'payment-e2e']);
    expect(fs.existsSync(path.join(root, 'data', 'bank_accounts.csv'))).toBe(true);
    await ok(['import', path.join(root, 'data')]);
    const run = JSON.parse(await ok(['run', 'tariff-settlement', '--year', '2025', '--json', '--by', 'ops']));
    expect(run.status).toBe('computed');
    await ok(['approve', String(run.runId), '--by', 'anna']);
    const released = await ok(['release', String(run.runId), '--by', 'ben']);
    const xmlFile = path.join(root, 'out', `tariff-settlement_2025_${run.runId}_sct_1.xml`);
    expect(released).toContain(`written: ${xmlFile}`);
    for (const kind of ['receivables', 'transfers', 'postings']) {
      expect(released).toContain(`written: ${path.join(root, 'out', `tariff-settlement_2025_${run.runId}_${kind}.csv`)}`);
    }
    const xml = fs.readFileSync(xmlFile, 'utf8');
    expect(xml).toContain(`<MsgId>AOKP-T2025-${run.runId}-1</MsgId>`);
    expect(await validatePain001(xml)).toEqual([]);
    expect(fs.statSync(xmlFile).mode & 0o777).toBe(0o640);

    const again = path.join(root, 'again');
    const rewritten = await ok(['payfile', String(run.runId), '--out', again, '--check']);
    expect(rewritten).toContain('passed the own checks and both schemas');
    expect(fs.readFileSync(path.join(again, path.basename(xmlFile))).equals(fs.readFileSync(xmlFile))).toBe(true);

    const starter = await yearend(['pay', String(run.runId), '--by', 'ops'], env);
    expect(starter.code).toBe(1);
    expect(isPlainError(starter.stderr)).toBe(true);
    expect(starter.stderr).toContain('four-eyes rule');
    expect(await ok(['pay', String(run.runId), '--by', 'anna'])).toMatch(/no payment Klärfall can be paid yet|file 2/);
  });
});
