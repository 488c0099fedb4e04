/**
 * Issue 10, guard 3, as the operator sees it (embedded PGlite, YEAREND_TODAY 2026-05-04): a final
 * run of a year that has not ended, or of a year without parameters, is refused with a one-line
 * error and exit 1 before a run record exists; a dry run of the running year stays allowed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, yearend } from '../helpers/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-year-guard-'));
const env = cleanEnv({ PGLITE_DIR: path.join(root, 'pglite'), OUTPUT_DIR: path.join(root, 'output'), YEAREND_TODAY: '2026-05-04' });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a year that makes no sense is refused (embedded)', () => {
  beforeAll(async () => {
    const migrated = await yearend(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
  }, 120_000);

  it('run --year 2099 (not ended by YEAREND_TODAY) exits 1 with one line; no run recorded', async () => {
    const refused = await yearend(['run', 'tariff-settlement', '--year', '2099'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // after the `mode:` line, one error line, as the bonus deadline refusal
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(refused.stderr).toMatch(
      /error: tariff-settlement 2099: a final run needs the year to have ended \(today is 2026-05-04\); use --dry-run/,
    );
    const current = await yearend(['run', 'tariff-settlement', '--year', '2026'], env);
    expect(current.code).toBe(1);
    expect(current.stderr).toMatch(/2026: a final run needs the year to have ended/);
    const status = await yearend(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).not.toMatch(/"year":\s*(2099|2026)/);
  }, 120_000);

  it('run --year 1999 (no parameters) exits 1 with one line; no run recorded, no deadline for 1999', async () => {
    const refused = await yearend(['run', 'tariff-settlement', '--year', '1999'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // after the `mode:` line, one error line, as the bonus deadline refusal
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(refused.stderr).toMatch(/\nerror: tariff-settlement 1999: no run started: .*1999/);
    const status = await yearend(['status'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^no runs yet/);
    expect(status.stdout).not.toMatch(/1999|9,651/);
  }, 120_000);

  it('dismiss <run> --by --note: a failed run stops counting as overdue; refused twice and for a run not over', async () => {
    // no inputs imported: the start fails and leaves a failed run of 2024, overdue since 2025-06-30
    const failed = await yearend(['run', 'tariff-settlement', '--year', '2024'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/input never imported/);
    const before = await yearend(['status'], env);
    expect(before.stdout).toMatch(/tariff-settlement\s+2024 .*OVERDUE/);
    const runId = /run (\d+) failed/.exec(failed.stderr)![1]!;

    const noNote = await yearend(['dismiss', runId, '--by', 'anna'], env);
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toMatch(/--note/);
    const dismissed = await yearend(['dismiss', runId, '--by', 'anna', '--note', 'wrong year, 2025 meant'], env);
    expect(dismissed.code, dismissed.stderr).toBe(0);
    expect(dismissed.stdout).toMatch(new RegExp(`run ${runId} \\(tariff-settlement 2024, failed\\) dismissed by anna`));
    const after = await yearend(['status'], env);
    expect(after.stdout).toMatch(/failed .*dismissed by anna: wrong year, 2025 meant/);
    expect(after.stdout).not.toMatch(/tariff-settlement\s+2024 .*OVERDUE/);
    const one = await yearend(['status', runId], env);
    expect(one.stdout).toMatch(/dismissed by anna at .*: wrong year, 2025 meant/);

    const twice = await yearend(['dismiss', runId, '--by', 'ben', '--note', 'again'], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(`error: run ${runId} was already dismissed by anna: wrong year, 2025 meant\n`);
    const missing = await yearend(['dismiss', '999', '--by', 'ben', '--note', 'x'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: run 999 does not exist/);
  }, 180_000);

  it('dismiss --help describes its options', async () => {
    const help = await yearend(['dismiss', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: yearend dismiss \[options\] <run>/);
    expect(help.stdout).toMatch(/--by <name>\s+who dismisses it/);
    expect(help.stdout).toMatch(/--note <text>\s+why it is dismissed/);
  });
});
