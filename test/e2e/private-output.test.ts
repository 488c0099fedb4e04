/**
 * What the CLI leaves behind and prints (issue 10): under `umask 077` the folders it creates are
 * 0750 and its files 0640 (fault E), and a CSV syntax error on stderr names file, line and column,
 * never the member id it broke in (fault C).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, isPlainError, outcomeOf, type CliResult } from '../helpers/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-private-'));
const output = path.join(root, 'out', 'reports');
const pglite = path.join(root, 'db', 'pglite');
const env = cleanEnv({ PGLITE_DIR: pglite, OUTPUT_DIR: output, YEAREND_TODAY: '2026-05-04' });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** `yearend …` started from a shell with `umask 077`, as a cron job of a careful operator would. */
function yearendUnderUmask077(args: string[]): Promise<CliResult> {
  const shell = spawn('/bin/sh', ['-c', 'umask 077 && exec "$0" "$@"', process.execPath, BIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return outcomeOf(shell);
}

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe('the CLI under umask 077', () => {
  it('creates its folders 0750 and its files 0640', async () => {
    const dir = path.join(root, 'in1');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'members.csv'), 'member_id,birth_date,died_on\nX110411675,1970-01-01,\nX110411674,1970-01-01,\n');
    const result = await yearendUnderUmask077(['import', dir, '--max-reject-rate', '1']);
    expect(result.code, result.stderr).toBe(0);
    for (const d of [path.join(root, 'out'), output, path.join(root, 'db'), pglite]) expect(modeOf(d), d).toBe(0o750);
    const reports = fs.readdirSync(output).filter((f) => /^import_\d+_rejections\.csv$/.test(f));
    expect(reports).toHaveLength(1);
    expect(modeOf(path.join(output, reports[0]!))).toBe(0o640);
  });

  it('a stray quote in a member id: stderr names file, line and column, not the id', async () => {
    const dir = path.join(root, 'in2');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'members.csv'), 'member_id,birth_date,died_on\nX110411675,1970-01-01,\nG61"3012607,1980-02-02,\n');
    const result = await yearendUnderUmask077(['import', dir]);
    expect(result.code).toBe(1);
    expect(isPlainError(result.stderr.slice(result.stderr.indexOf('error: ')))).toBe(true);
    expect(result.stderr).toMatch(/members\.csv, line 3, column member_id/);
    expect(result.stderr + result.stdout).not.toMatch(/G61|3012607|value is/);
  });
});
