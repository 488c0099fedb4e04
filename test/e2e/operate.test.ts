/**
 * Operating a year through the CLI, as the README walks it (embedded mode, no services): the
 * deadline watch in `status`, a Klärfall decided, approve and release by two other people, the
 * payment list written, the deadline met.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/database.ts';
import { cleanEnv, isPlainError, yearend } from '../helpers/cli.ts';
import { groupedEur } from '../../src/cli/money-lines.ts';
import { forCli } from '../helpers/time.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yearend-operate-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// Limits against a hang, growing with the CLI starts (11 in the first test) and the work; never a
// measure of speed (test/helpers/time.ts).
describe('operating the year (embedded)', { timeout: forCli(11, 240_000) }, () => {
  const env = cleanEnv({
    PGLITE_DIR: path.join(root, 'db'),
    OUTPUT_DIR: path.join(root, 'out'),
    YEAREND_TODAY: '2026-06-10',
    USER: 'ops',
    LOGNAME: 'ops',
  });
  const ok = async (args: string[]) => {
    const result = await yearend(args, env);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };

  it('status warns of the § 18a deadline; decide, approve and release pay the year and meet it', async () => {
    await ok(['generate', '--members', '400', '--employers', '0', '--out', path.join(root, 'data'), '--seed', 'operate']);
    await ok(['import', path.join(root, 'data')]);
    const run = JSON.parse(await ok(['run', 'tariff-settlement', '--year', '2025', '--json', '--by', 'ops']));
    expect(run.status).toBe('computed');

    const before = await ok(['status']);
    expect(before).toContain('deadlines (today 2026-06-10):');
    expect(before).toMatch(/tariff-settlement\s+2025\s+due 2026-06-30 \(statutory\)\s+WARNING: not released yet, 20 days left/);
    expect(before).toMatch(/levy\s+2025\s+due 2026-01-31 \(operational\)\s+WARNING: OVERDUE by 130 days, no released run/);

    await ok(['export', String(run.runId), '--out', path.join(root, 'exp')]);
    const heldRows = fs
      .readFileSync(path.join(root, 'exp', 'tariff_settlement.csv'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(',held,'));
    // Approvable: held for a reason whose amount is known (pipeline.md, decision 2026-12).
    const heldRow = heldRows.find((l) => !/INCOME_MISSING|CONTRIBUTIONS_MISSING/.test(l));
    expect(heldRow).toBeDefined();
    const member = heldRow!.split(',')[0]!;
    const withoutIncome = heldRows.find((l) => l.includes('INCOME_MISSING'))!.split(',')[0]!;
    const unknowable = await yearend(['decide', String(run.runId), withoutIncome, 'approve', '--by', 'anna', '--note', 'geschätzt'], env);
    expect(unknowable.code).toBe(1);
    expect(unknowable.stderr).toContain('cannot be approved: its amount is not known');
    const own = await yearend(['decide', String(run.runId), member, 'approve', '--by', 'ops', '--note', 'selbst'], env);
    expect(own.code).toBe(1);
    expect(isPlainError(own.stderr)).toBe(true);
    expect(own.stderr).toContain('four-eyes rule');
    expect(await ok(['decide', String(run.runId), member, 'approve', '--by', 'anna', '--note', 'Nachweis liegt vor'])).toContain(
      `member ${member}`,
    );

    expect(await ok(['approve', String(run.runId), '--by', 'anna'])).toContain(`run ${run.runId} approved by anna`);
    const sameHands = await yearend(['release', String(run.runId), '--by', 'anna'], env);
    expect(sameHands.code).toBe(1);
    expect(sameHands.stderr).toContain(`four-eyes rule: anna approved run ${run.runId} and cannot release it too`);
    const released = await ok(['release', String(run.runId), '--by', 'ben']);
    expect(released).toMatch(/payment list: the fund pays [\d,]+\.\d\d EUR to \d+ members \(§ 18a payouts\)/);
    const list = path.join(root, 'out', `tariff-settlement_2025_${run.runId}_payments.csv`);
    expect(released).toContain(`written: ${list}`);
    const rows = fs.readFileSync(list, 'utf8').trimEnd().split('\n');
    expect(rows.find((r) => r.startsWith(`tariff,${member},`))).toMatch(/,decided,/);
    expect(rows.filter((r) => r.includes(',receivable,')).every((r) => r.includes(',2026-07-10,'))).toBe(true);

    const after = JSON.parse(await ok(['status', '--json']));
    expect(after.deadlines).toContainEqual(
      expect.objectContaining({
        job: 'tariff-settlement',
        year: 2025,
        state: 'released',
        releasedRunId: run.runId,
        releasedOn: '2026-06-10',
      }),
    );
    expect(await ok(['status'])).toMatch(/tariff-settlement\s+2025\s+due 2026-06-30 \(statutory\)\s+released by run \d+ on 2026-06-10/);

    // status <run> shows the money: the run's totals, and the release's payment list in the same
    // sentences as `release` printed them.
    const one = await ok(['status', String(run.runId)]);
    for (const line of released.split('\n').filter((l) => l.startsWith('payment list:'))) expect(one).toContain(line);
    const json = JSON.parse(await ok(['status', String(run.runId), '--json']));
    const payouts = json.money.find((m: { label: string }) => m.label === 'payouts');
    const paid = json.payments.find((p: { direction: string }) => p.direction === 'payout');
    // Klärfälle decided by approval are paid too: the list pays at least the computed payouts.
    expect(Number(paid.count)).toBeGreaterThanOrEqual(payouts.count);
    expect(one).toContain(`money: payouts ${groupedEur(payouts.eur)} (${payouts.count})`);
    expect(one).toMatch(/money: receivables [\d,]+\.\d\d EUR \(\d+\)/);
    expect(one).toMatch(/money: held \(balance\) -?[\d,]+\.\d\d EUR \(\d+\)/);
  });

  it('a run left running by a process that ended is failed at the next start and finished by resume', async () => {
    const dry = JSON.parse(await ok(['run', 'tariff-settlement', '--year', '2025', '--dry-run', '--json', '--by', 'ops']));
    // what a killed `yearend run` leaves behind: the run running, its last chunk not done
    const database = await openEmbedded(path.join(root, 'db'));
    await database.db.updateTable('run').set({ status: 'running', finished_at: null }).where('id', '=', dry.runId).execute();
    const last = await database.db
      .selectFrom('run_chunk')
      .select(sql<number>`max(chunk_no)`.as('n'))
      .where('run_id', '=', dry.runId)
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('run_chunk')
      .set({ status: 'pending' })
      .where('run_id', '=', dry.runId)
      .where('chunk_no', '=', last.n)
      .execute();
    await database.close();

    const status = await yearend(['status', String(dry.runId)], env);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(
      `run ${dry.runId} was left unfinished by a process that ended: marked failed; \`yearend resume ${dry.runId}\` finishes it`,
    );
    expect(status.stdout).toContain(`run ${dry.runId}: tariff-settlement 2025, dry, failed`);
    expect(status.stdout).toContain('error: the process running it ended before it finished (embedded mode)');
    const resumed = JSON.parse(await ok(['resume', String(dry.runId), '--json']));
    expect(resumed).toMatchObject({ runId: dry.runId, status: 'computed', kind: 'dry' });
    // One word per concept: the run's cases are Klärfälle in `run` and `status` alike; "rejected"
    // is kept for input rows the import refused.
    const words = await yearend(['status', String(dry.runId)], env);
    const counts = resumed.counts as { rows: number; held: number; exceptions: number };
    expect(words.stdout).toContain(`results: ${counts.rows} rows, ${counts.exceptions} Klärfälle (${counts.held} held)`);
    expect(words.stdout).toMatch(/chunks: (\d+)\/\1 done, 0 failed; \d+ persons read, \d+ written/);
    expect(words.stdout).not.toMatch(/exception|rejected/);
  });
});
